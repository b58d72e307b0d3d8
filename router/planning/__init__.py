"""Operation -> query plan: which subgraph fetches what, in which order."""
