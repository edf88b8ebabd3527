"""One reader per input format; each yields RawDocument or SkippedInput records."""
