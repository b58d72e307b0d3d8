"""Root query fields, one module per aggregate, resolvers at module level; `schema.py` makes
`Query` of them (kit.root_types)."""
