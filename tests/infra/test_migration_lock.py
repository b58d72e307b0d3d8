"""`agora migrate` run several times at once (every new pod's init container does): they take
turns on an advisory lock, all succeed, and the database ends at head once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import asyncpg

from agora.infra.databases import create_database, database_url, drop_database
from agora.infra.processes import run_coroutine_sync
from tests.support.environment import REPO_ROOT, TestEnvironment

RUNS = 3
TIMEOUT_SECONDS = 120


async def _versions(url: str) -> list[str]:
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        return [
            row["version_num"] for row in await connection.fetch("SELECT * FROM alembic_version")
        ]
    finally:
        await connection.close()


def test_concurrent_migrations_take_turns(test_env: TestEnvironment) -> None:
    admin = test_env.postgres_admin_url
    name = f"agora_test_migrate_{uuid.uuid4().hex[:8]}"
    assert create_database(admin, name)
    try:
        url = database_url(admin, name)
        env = {**os.environ, "AGORA_USERS_DATABASE_URL": url}
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "agora.cli", "migrate", "users"],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(RUNS)
        ]
        outputs = [run.communicate(timeout=TIMEOUT_SECONDS)[0] for run in runs]
        assert [run.returncode for run in runs] == [0] * RUNS, outputs
        assert len(run_coroutine_sync(lambda: _versions(url))) == 1
    finally:
        drop_database(admin, name)
