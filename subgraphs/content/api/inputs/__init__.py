"""Input types of content's mutations."""
