"""Preparing a server for several worker processes (`--workers N`)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

MULTIPROCESS_METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def share_metrics_between_workers(prefix: str) -> None:
    """Workers write their metric samples to one directory that each worker's `/metrics` adds
    up (prometheus-client's multiprocess mode). Call before prometheus-client is imported: it
    reads the variable then. A directory already configured is kept."""
    if os.environ.get(MULTIPROCESS_METRICS_DIR):
        return
    directory = tempfile.mkdtemp(prefix=f"{prefix}-metrics-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    os.environ[MULTIPROCESS_METRICS_DIR] = directory
