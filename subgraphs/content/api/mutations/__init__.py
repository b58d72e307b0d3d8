"""Root mutation fields, one module per aggregate, resolvers at module level; `schema.py` makes
`Mutation` of them (kit.root_types)."""
