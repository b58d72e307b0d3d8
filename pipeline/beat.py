"""Celery beat's scheduler with a heartbeat: each tick touches `AGORA_BEAT_HEARTBEAT_FILE`
(when set), so `agora alive FILE` tells a turning beat from a hung one. Beat ticks at least
every `beat_max_loop_interval` seconds (pipeline.worker sets 30)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery.beat import PersistentScheduler

from pipeline.heartbeat import Heartbeat

HEARTBEAT_FILE = "AGORA_BEAT_HEARTBEAT_FILE"


class HeartbeatScheduler(PersistentScheduler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        path = os.environ.get(HEARTBEAT_FILE)
        self.heartbeat = Heartbeat(Path(path) if path else None, every=0.0)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        self.heartbeat.beat()
        interval: float = super().tick(*args, **kwargs)
        return interval
