"""dateline.link."""
