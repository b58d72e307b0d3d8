"""Payloads of content's mutations; each carries `errors`."""
