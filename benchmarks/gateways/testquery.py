"""The benchmark's one operation: users and top products, each three levels of reviews deep
across all four subgraphs. Its response is about 88 KB."""

from __future__ import annotations

import orjson

TEST_QUERY = """fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}
"""

# Sent as is by every client (k6 upstream, wrk and the response check here).
BODY = orjson.dumps({"query": TEST_QUERY})
