"""The users domain rules: plain async functions on a session, no GraphQL, so `agora seed`,
`agora create-admin` and the GraphQL layer change accounts the same way."""
