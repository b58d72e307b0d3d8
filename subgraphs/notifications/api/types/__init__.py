"""Object types and the federation entity, one module per aggregate."""
