"""The time of the rules: aware UTC datetimes only (columns are `timestamptz`)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
