"""The marketplace's domain rules, one module per aggregate: plain functions on a session (or
on plain values), no Strawberry and no loaders, so `agora seed` calls them as the GraphQL layer
does."""
