"""dateline.query."""
