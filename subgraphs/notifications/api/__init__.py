"""The notifications subgraph's GraphQL layer: it checks who is asking, calls `rules` and maps
rows and live messages to types. Everything it serves is the signed-in user's own."""
