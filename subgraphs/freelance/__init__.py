"""The freelance subgraph: gigs, orders, disputes, reviews, proposals, portfolio, analytics.

Domain rules (no GraphQL): validation, slugs, machines (the gig and order status tables),
gigs, categories, orders, disputes, reviews, proposals, portfolio, search, analytics, events
(outbox). Reading: listings (select + sort keys per list), pages (batched first pages of lists
under a parent), loaders (DataLoaders). GraphQL: gig_types, order_types, analytics_types,
inputs, payloads, queries, mutations_*, schema; app serves it.
"""
