"""The federation scenario of The Guild's gateways benchmark (github.com/graphql-hive/
graphql-gateways-benchmark): our router against Hive Gateway with its JS query planner and with
Hive Router's Rust planner, per CPU core, on the same supergraph, subgraphs and load.

Modules: `data` and `schemas` (the four subgraphs), `subgraphs` (their HTTP server),
`testquery`, `hive` (npm install, config), `contenders` (the three commands), `wrk` (load),
`procs` (CPU and memory from /proc), `run` (the rounds), `report` (the table).
"""
