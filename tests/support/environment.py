"""The test run's own databases and Redis prefix (agora.infra.ephemeral, labelled "test")."""

from __future__ import annotations

from pathlib import Path

from agora.infra.ephemeral import Ephemeral, start, stop

REPO_ROOT = Path(__file__).resolve().parents[2]
TestEnvironment = Ephemeral
TestEnvironment.__test__ = False  # type: ignore[attr-defined]  # pytest: not a test class

__all__ = ["REPO_ROOT", "TestEnvironment", "start", "stop"]
