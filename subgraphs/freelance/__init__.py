"""The freelance subgraph: gigs, orders, disputes, reviews, proposals, portfolio, analytics.

`rules/` holds the domain rules (no GraphQL), `api/` the GraphQL layer over them, `loaders.py`
the request's DataLoaders (batched first pages of lists under a parent included); `schema.py`
assembles the federation schema and `app.py` serves it.
"""
