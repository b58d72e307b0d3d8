"""Content's domain rules: plain async functions on a session, one module per aggregate
(channels, posts, comments) with what they share (the role table, input limits, slugs, row
look-ups with their locks, search text). No GraphQL here: `agora seed` calls them as the API
does."""
