"""Object types and federation entities of the freelance subgraph, one module per aggregate."""
