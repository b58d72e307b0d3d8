"""Infrastructure for development and tests: PostgreSQL and Redis, real or embedded.

Production never imports the embedded servers; it sets `AGORA_*` URLs instead
(see `agora.infra.services`).
"""
