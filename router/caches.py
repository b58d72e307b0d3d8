"""A least-recently-used cache bounded in bytes, for what the router derives from documents."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# A parsed document (nodes, locations, the token chain) takes about this many bytes per byte
# of its text; measured with tracemalloc on dense operations. Plans are smaller.
BYTES_PER_SOURCE_BYTE = 120


class SizedLRU(Generic[K, V]):
    """Holds entries up to `max_bytes` in total; an entry above `max_entry_bytes` is never
    kept, so one large document cannot push out many small ones."""

    def __init__(self, max_bytes: int, max_entry_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self.bytes = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V, size: int) -> None:
        if size > self.max_entry_bytes:
            return
        previous = self._entries.pop(key, None)
        if previous is not None:
            self.bytes -= previous[1]
        self._entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.bytes -= dropped


def document_bytes(query: str) -> int:
    """What caching something derived from `query` is estimated to hold."""
    return len(query) * BYTES_PER_SOURCE_BYTE
