"""Mutation payloads, one module per aggregate; each carries `errors`."""
