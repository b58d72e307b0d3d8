"""JSON log lines: one object per record, extras as fields, no terminal escapes."""

from __future__ import annotations

import logging

import orjson

from telemetry.logs import JsonFormatter


def _line(record: logging.LogRecord) -> dict[str, object]:
    parsed: dict[str, object] = orjson.loads(JsonFormatter().format(record))
    return parsed


def test_extras_are_fields_but_uvicorns_coloured_copy_is_not() -> None:
    record = logging.makeLogRecord(
        {
            "name": "uvicorn.error",
            "levelname": "INFO",
            "msg": "Finished server process [%d]",
            "args": (42,),
            "color_message": "Finished server process [\x1b[36m%d\x1b[0m]",
            "subgraph": "users",
        }
    )
    line = _line(record)
    assert line["msg"] == "Finished server process [42]"
    assert line["subgraph"] == "users"
    assert "color_message" not in line
    assert "\x1b" not in orjson.dumps(line).decode()
