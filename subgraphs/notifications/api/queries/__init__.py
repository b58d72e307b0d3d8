"""Root query fields, one class per aggregate; schema.py merges them into Query."""
