"""Root mutation fields of the freelance subgraph, per aggregate; `schema.py` merges them."""
