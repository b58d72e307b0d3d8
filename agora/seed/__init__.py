"""`agora seed`: realistic demo data in every subgraph, written through the services' rules.

See agora.seed.runner for the order of the phases, agora.seed.writes for how the services'
functions are called (and what happens to the events they record), and the README's "Demo
data" section for what a user gets.
"""
