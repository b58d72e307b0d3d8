"""Observability shared by the router, the subgraphs, the relay and the worker (no import of
either side): OpenTelemetry tracing (telemetry.tracing) and its ASGI middleware
(telemetry.asgi)."""
