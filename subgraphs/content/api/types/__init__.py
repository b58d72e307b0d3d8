"""Object types and federation entities of content."""
