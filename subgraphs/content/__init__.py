"""The content subgraph: channels with their members and roles, posts in them, threaded
comments on posts, likes and views. It owns its own database (models.py, migrations/); users
live elsewhere, so it only extends the `User` entity with their channels and posts, and tells
the notifications what happened through its outbox."""
