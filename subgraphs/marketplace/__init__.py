"""The goods marketplace subgraph (DOMAIN.md §3).

models          the database: categories, products, images, favorites, reviews, outbox
categories      the admin-managed category tree
products        listing, partial updates, the status machine (status.py), favorites, views
reviews         one review per user and product; the product's rating in the same transaction
listing         the selects behind every product list: full-text search, filters, sorts
pages           keyset pagination with the cursor checked against the list
slugs, folding  URL slugs (transliterated) and locale-independent case folding for search
loaders, types, inputs, queries, mutations, schema, app   the GraphQL side
"""
