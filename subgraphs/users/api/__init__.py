"""The users subgraph's GraphQL layer: it checks who is asking, calls `rules` and maps rows
to types. Account changes are announced to every token verifier once committed."""
