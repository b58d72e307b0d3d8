"""The goods marketplace subgraph (DOMAIN.md §3).

models          the database: categories, products (with their ProductStatus), images,
                favorites, reviews, outbox
rules/          the domain, no GraphQL: categories (the admin-managed tree), products (listing,
                partial updates, views, who sees what), statuses (the status machine), favorites,
                reviews (one per user and product; the rating in the same transaction),
                validation (input rules), listing (the selects behind every product list: search,
                filters, sorts, and the per-parent lists kit.child_pages batches), folding
                (locale-independent case folding for search); slugs are kit.slugs
api/            the GraphQL layer: types, inputs, payloads, queries, mutations per aggregate
loaders, schema, app   the request's DataLoaders, the federation schema, the ASGI app
"""
