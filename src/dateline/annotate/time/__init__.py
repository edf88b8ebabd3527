"""The time tagger: rules, patterns, normalisation, resolution against a reference date, tense."""
