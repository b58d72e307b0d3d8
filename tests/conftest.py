"""Every test run gets its own databases and Redis prefix (see support/environment.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.support import environment
from tests.support.environment import REPO_ROOT, TestEnvironment

pytest_plugins = ["tests.support.fixtures"]

DATA_DIR = REPO_ROOT / ".data" / "test"


def _start_environment() -> TestEnvironment:
    Path(DATA_DIR).mkdir(parents=True, exist_ok=True)
    return environment.start(DATA_DIR)


# Started as this root conftest is imported, not in pytest_configure: pytest imports the
# conftests of the paths it is given (which import modules that read settings once, such as
# pipeline.worker's Celery app) before any pytest_configure hook runs.
_env: TestEnvironment | None = _start_environment()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _env is not None:
        environment.stop(_env, DATA_DIR)


@pytest.fixture(scope="session")
def test_env() -> TestEnvironment:
    assert _env is not None
    return _env


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client
