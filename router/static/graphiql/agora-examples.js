// Written by `agora compose` from examples/operations/: edit those files, not this one.
window.AGORA_EXAMPLES = [
  {
    "name": "Me",
    "kind": "query",
    "query": "# The signed-in user (sign in first: the key icon on the left), with what each subgraph knows\n# about them: the router fetches the user from users, then asks the others in parallel.\nquery Me {\n  me {\n    id\n    email\n    displayName\n    roles\n    isVerified\n    profile {\n      bio\n      avatarUrl\n      timezone\n    }\n    freelancerRating {\n      average\n      count\n    }\n    gigs(first: 3) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          status\n        }\n      }\n    }\n    products(first: 3) {\n      totalCount\n    }\n    channels(first: 3) {\n      totalCount\n    }\n  }\n}\n",
    "variables": ""
  },
  {
    "name": "SearchGigs",
    "kind": "query",
    "query": "# Gig search: full-text `query` with filters and a sort, one page at a time (pass the last\n# `endCursor` as `after` for the next). Prices compare with each gig's cheapest package.\nquery SearchGigs(\n  $query: String = \"logo\"\n  $filter: GigFilterInput = { maxPrice: \"150\", maxDeliveryDays: 7, minRating: 4 }\n  $sort: GigSort! = RATING\n  $first: Int = 10\n  $after: String\n) {\n  gigs(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        slug\n        title\n        minPrice\n        tags\n        rating {\n          average\n          count\n        }\n        packages {\n          tier\n          price\n          deliveryDays\n        }\n        seller {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}\n",
    "variables": ""
  },
  {
    "name": "PlaceOrder",
    "kind": "mutation",
    "query": "# Order a package of an ACTIVE gig (not your own): put a gig's id from SearchGigs in the\n# variables. Broken rules come back in `errors` with a code (GIG_NOT_AVAILABLE, ...).\nmutation PlaceOrder($gigId: ID!, $tier: PackageTier! = BASIC, $requirements: String! = \"\") {\n  placeOrder(input: { gigId: $gigId, tier: $tier, requirements: $requirements }) {\n    order {\n      id\n      status\n      requirements\n      revisionsLeft\n      package {\n        tier\n        name\n        price\n        deliveryDays\n        revisions\n      }\n      gig {\n        id\n        title\n      }\n      seller {\n        id\n        displayName\n      }\n    }\n    errors {\n      field\n      code\n      message\n    }\n  }\n}\n",
    "variables": "{\n  \"gigId\": \"paste a gig id from SearchGigs\",\n  \"tier\": \"BASIC\",\n  \"requirements\": \"A square logo, blue and white, as SVG.\"\n}"
  },
  {
    "name": "SearchProducts",
    "kind": "query",
    "query": "# Goods for sale: full-text search over title and description, filtered by city, condition\n# and price, cheapest first.\nquery SearchProducts(\n  $query: String = \"bicycle\"\n  $filter: ProductFilter = { city: \"Berlin\", condition: USED, maxPrice: \"500\" }\n  $sort: ProductSort! = PRICE_ASC\n  $first: Int = 10\n  $after: String\n) {\n  products(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        slug\n        title\n        price\n        oldPrice\n        discountPercent\n        condition\n        city\n        primaryImage {\n          url\n          caption\n        }\n        rating {\n          average\n          count\n        }\n        seller {\n          id\n          displayName\n        }\n      }\n    }\n  }\n}\n",
    "variables": ""
  },
  {
    "name": "ChannelFeed",
    "kind": "query",
    "query": "# The newest posts of the channels you belong to, each with its first comments and two levels\n# of replies (comments nest to any depth; ask for as many levels as you show).\nquery ChannelFeed($first: Int = 5, $comments: Int = 5) {\n  feed(first: $first) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        body\n        createdAt\n        likesCount\n        likedByMe\n        commentsCount\n        channel {\n          slug\n          name\n        }\n        author {\n          id\n          displayName\n        }\n        comments(first: $comments) {\n          edges {\n            node {\n              ...CommentFields\n              replies(first: $comments) {\n                edges {\n                  node {\n                    ...CommentFields\n                    replies(first: $comments) {\n                      totalCount\n                      edges {\n                        node {\n                          ...CommentFields\n                        }\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nfragment CommentFields on Comment {\n  id\n  body\n  isDeleted\n  likesCount\n  createdAt\n  author {\n    id\n    displayName\n  }\n}\n",
    "variables": ""
  },
  {
    "name": "NotificationReceived",
    "kind": "subscription",
    "query": "# Your notifications as they happen (over WebSocket; sign in first). Keep it running and, in\n# another tab, do something that notifies you, e.g. someone places an order for your gig.\nsubscription NotificationReceived {\n  notificationReceived {\n    id\n    kind\n    title\n    body\n    data\n    createdAt\n    actor {\n      id\n      displayName\n    }\n  }\n}\n",
    "variables": ""
  },
  {
    "name": "UnreadCount",
    "kind": "subscription",
    "query": "# Your unread count: the current value at once, then every change.\nsubscription UnreadCount {\n  unreadCountChanged\n}\n",
    "variables": ""
  }
];
