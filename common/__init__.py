"""What the router and the subgraphs both rely on, importing neither: who is calling (access
tokens checked against the users subgraph's JWKS, account state for revocations, the client
IP the router signs for the subgraphs) and the Redis clients of a process. Logs and traces are
in `telemetry`."""
