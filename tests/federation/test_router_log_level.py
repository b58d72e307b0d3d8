"""The router's log level: its own setting, else the one every Agora process reads."""

from __future__ import annotations

from router.cli import log_level_from_env


def test_the_router_honours_the_shared_log_level() -> None:
    assert log_level_from_env({}) == "warning"
    assert log_level_from_env({"AGORA_LOG_LEVEL": "INFO"}) == "info"  # as uvicorn wants it
    both = {"AGORA_LOG_LEVEL": "INFO", "AGORA_ROUTER_LOG_LEVEL": "error"}
    assert log_level_from_env(both) == "error"
