"""The notifications domain rules, shared by the subgraph, the worker (`pipeline`) and
`agora seed`: plain functions on a session or a Redis client, no GraphQL."""
