"""Root subscription fields; schema.py merges them into Subscription."""
