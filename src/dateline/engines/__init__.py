"""dateline.engines."""
