"""dateline.run."""
