"""Root query fields, one class per aggregate, merged into Query by schema.py."""
