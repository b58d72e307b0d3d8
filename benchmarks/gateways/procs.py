"""CPU time and resident memory of a process and all its descendants, read from /proc.

A gateway may fork workers, so everything is summed over the tree rooted at its process.
"""

from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


def tree(root: int) -> list[int]:
    """`root` and its live descendants."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))  # fields[1]: ppid
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def cpu_seconds(root: int) -> dict[int, float]:
    """User + system CPU seconds so far of each process in the tree (all threads included)."""
    seconds: dict[int, float] = {}
    for pid in tree(root):
        fields = _stat_fields(pid)
        if fields is not None:  # utime and stime are stat fields 14 and 15
            seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two `cpu_seconds` samples (processes born since count fully)."""
    return sum(total - before.get(pid, 0.0) for pid, total in after.items())


def rss_mib(root: int) -> float:
    kib = 0
    for pid in tree(root):
        try:
            status = (PROC / str(pid) / "status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        kib += next(
            (int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:"), 0
        )
    return kib / 1024


def cpu_busy_seconds(cpu: int) -> float:
    """Seconds one CPU has spent not idle since boot, whoever ran (/proc/stat)."""
    for line in (PROC / "stat").read_text().splitlines():
        if line.startswith(f"cpu{cpu} "):
            ticks = [int(x) for x in line.split()[1:]]
            return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS  # minus idle, iowait
    raise RuntimeError(f"no cpu{cpu} in /proc/stat")
