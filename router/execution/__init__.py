"""Running a query plan: subgraph fetches, `_entities` batching, merging, shaping."""
