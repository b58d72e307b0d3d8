"""Root mutation fields, one class per aggregate, merged into Mutation by schema.py."""
