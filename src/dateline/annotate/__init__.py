"""dateline.annotate."""
