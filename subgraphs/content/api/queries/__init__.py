"""Root query fields of content, per aggregate; schema.py merges them into `Query`."""
