"""Root mutation fields, one class per aggregate; schema.py merges them into Mutation."""
