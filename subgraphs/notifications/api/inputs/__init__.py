"""Input types, one module per aggregate."""
