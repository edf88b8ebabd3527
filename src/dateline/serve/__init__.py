"""dateline.serve."""
