"""Load with wrk: a fixed number of keep-alive connections POSTing the TestQuery back to back.

The Lua script checks every response (status 200, no `"errors"`, the expected length) and counts
the responses completed inside a window of whole wall-clock seconds [from, to): the bench reads
CPU time at those same instants, so ramp-up and the requests still in flight when wrk stops
count neither as requests nor as CPU. wrk's latency percentiles cover the whole run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks.gateways.testquery import BODY

CONNECTIONS = 50  # as the benchmark's k6 virtual users
THREADS = 2
TIMEOUT = "30s"  # a slow gateway's p99 must be measured, not cut off at wrk's default 2 s

_SCRIPT = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%(body)s]==]

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  window_from = tonumber(args[1])
  window_to = tonumber(args[2])
  expected_length = tonumber(args[3])
  counted, bad_status, graphql_errors, wrong_length = 0, 0, 0, 0
end

function response(status, headers, body)
  if status ~= 200 then bad_status = bad_status + 1 end
  if string.find(body, '"errors"', 1, true) then graphql_errors = graphql_errors + 1 end
  if #body ~= expected_length then wrong_length = wrong_length + 1 end
  local now = os.time()
  if now >= window_from and now < window_to then counted = counted + 1 end
end

function done(summary, latency, requests)
  local totals = {counted = 0, bad_status = 0, graphql_errors = 0, wrong_length = 0}
  for _, thread in ipairs(threads) do
    for name, value in pairs(totals) do totals[name] = value + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %%d, "duration_us": %%d, "counted": %%d, "bad_status": %%d, '
    .. '"graphql_errors": %%d, "wrong_length": %%d, "socket_errors": %%d, "timeouts": %%d, '
    .. '"p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, totals.counted, totals.bad_status + e.status,
    totals.graphql_errors, totals.wrong_length, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class WrkResult:
    requests: int  # all completed, whole run
    duration_us: int
    counted: int  # completed inside the window
    bad_status: int  # non-200 responses (wrk's own status errors included)
    graphql_errors: int  # 200 responses whose body holds "errors"
    wrong_length: int  # bodies not of the checked response's length
    socket_errors: int
    timeouts: int
    p50_us: int
    p99_us: int
    cpu_seconds: float  # wrk's own, whole run

    @property
    def failures(self) -> int:
        return (
            self.bad_status
            + self.graphql_errors
            + self.wrong_length
            + self.socket_errors
            + self.timeouts
        )


def executable() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(
            "The gateways benchmark needs wrk (HTTP load generator): `apt-get install wrk` "
            "(or run `python -m benchmarks --only platform` to skip it)."
        )
    return found


def write_script(path: Path) -> Path:
    body = BODY.decode()
    assert "]==]" not in body
    path.write_text(_SCRIPT % {"body": body})
    return path


def start(
    script: Path, url: str, seconds: int, window: tuple[int, int], expected_length: int, cpu: int
) -> subprocess.Popen[bytes]:
    command = [
        "taskset",
        "-c",
        str(cpu),
        executable(),
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        f"--timeout={TIMEOUT}",
        "--latency",
        f"--script={script}",
        url,
        "--",
        str(window[0]),
        str(window[1]),
        str(expected_length),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes]) -> WrkResult:
    """Wait for wrk and parse its result line (wait4 also gives wrk's CPU time)."""
    assert process.stdout is not None and process.stderr is not None
    output = process.stdout.read().decode()
    errors = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    line = next((x for x in output.splitlines() if x.startswith("WRK_RESULT ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{output}\n{errors}")
    fields = orjson.loads(line.removeprefix("WRK_RESULT "))
    return WrkResult(**fields, cpu_seconds=usage.ru_utime + usage.ru_stime)
