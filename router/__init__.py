"""Agora's federation router: serves a supergraph (Apollo Federation v2) to clients.

`supergraph` reads the supergraph SDL into a planning model, `api_schema` derives what
clients may see, `planning` turns an operation into a query plan, `execution` runs it
against the subgraphs and shapes the response, `gateway` ties these together with caches,
and `app` serves GraphQL over HTTP (`agora router`, see `cli`).
"""
