"""dateline.export."""
