"""Password hashing with argon2id, run off the event loop (it is deliberately slow).

Argon2 work is bounded: at most one hash or verification per CPU runs at a time in this
process, so a flood of logins queues here instead of starving every other request.
"""

from __future__ import annotations

import asyncio
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("agora-timing-equaliser-1")

ARGON2_CONCURRENCY = max(1, os.cpu_count() or 1)
_slots: asyncio.Semaphore | None = None
_slots_loop: asyncio.AbstractEventLoop | None = None

# Real argon2 verifications run in this process (read by tests; never reset by the code).
verifications = 0


def _semaphore() -> asyncio.Semaphore:
    global _slots, _slots_loop
    loop = asyncio.get_running_loop()
    if _slots is None or _slots_loop is not loop:
        _slots, _slots_loop = asyncio.Semaphore(ARGON2_CONCURRENCY), loop
    return _slots


async def hash_password(password: str) -> str:
    async with _semaphore():
        return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    global verifications
    verifications += 1
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    async with _semaphore():
        return await asyncio.to_thread(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
