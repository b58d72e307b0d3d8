"""Object types and the `User` entity, one module per aggregate."""
