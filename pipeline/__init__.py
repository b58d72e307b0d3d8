"""The event pipeline: the outbox relay (relay*.py) moves events from every subgraph database
into Celery; the worker (worker.py, with beat for housekeeping) stores notifications, publishes
them live and sends email and push (notify/). Runs beside the subgraphs, never inside them."""
