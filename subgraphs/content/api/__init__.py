"""Content's GraphQL layer: who is asking, then the rules, then rows mapped to types."""
