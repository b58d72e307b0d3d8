"""Root mutation fields of content, per aggregate; schema.py merges them into `Mutation`."""
