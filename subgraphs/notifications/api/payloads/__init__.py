"""Mutation payloads (each carries `errors`), one module per aggregate."""
