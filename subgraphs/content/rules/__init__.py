"""Content's domain rules: plain async functions on a session, one module per aggregate
(channels, members, posts, comments) and what they share (the role table, input limits,
likes, row look-ups with their locks, outbox events, search text). No GraphQL here: `agora seed`
calls them as the API does."""
