"""A progress bar per phase of the seed (rich) on a terminal; elsewhere (a log, `agora dev`'s
prefixed output, a test) one line per phase once it is done."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, phases: dict[str, int], out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.totals = dict(phases)
        self.done = dict.fromkeys(phases, 0)
        self.started = dict.fromkeys(phases, time.monotonic())
        self._lock = threading.Lock()
        self._printed: set[str] = set()
        console = Console(file=self.out)
        self._rich: RichProgress | None = None
        self._tasks: dict[str, TaskID] = {}
        if console.is_terminal:
            self._rich = RichProgress(
                TextColumn("{task.description:<18}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            )
            self._tasks = {
                phase: self._rich.add_task(phase, total=total, start=False)
                for phase, total in phases.items()
            }

    def __enter__(self) -> Progress:
        if self._rich is not None:
            self._rich.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.stop()
            return
        for phase in self.totals:
            self._print(phase)

    def advance(self, phase: str, count: int = 1) -> None:
        if count <= 0:
            return
        with self._lock:
            if self.done[phase] == 0:
                self.started[phase] = time.monotonic()
                if self._rich is not None:
                    self._rich.start_task(self._tasks[phase])
            self.done[phase] += count
            finished = self.done[phase] >= self.totals[phase]
        if self._rich is not None:
            self._rich.advance(self._tasks[phase], count)
        elif finished:
            self._print(phase)

    def _print(self, phase: str) -> None:
        with self._lock:
            if phase in self._printed:
                return
            self._printed.add(phase)
            seconds = time.monotonic() - self.started[phase]
            line = f"  {phase:<18} {self.done[phase]:>7}/{self.totals[phase]:<7} {seconds:6.1f} s"
        print(line, file=self.out, flush=True)
