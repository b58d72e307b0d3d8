"""Object types and federation entities, one module per aggregate."""
