"""The freelance domain rules: plain functions on a session, no GraphQL, so the GraphQL layer,
the worker and `agora seed` all call them alike.

validation, ids, rows (a row its owner changes), viewer (who is asking), machines (the gig
and order status tables), events (outbox); one module per aggregate: categories, gigs, orders,
disputes, reviews, proposals, portfolio; reading: listings (select + sort keys per list),
search, analytics.
"""
