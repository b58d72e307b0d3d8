"""Root subscription fields, resolvers at module level; `schema.py` makes `Subscription` of
them (kit.root_types)."""
