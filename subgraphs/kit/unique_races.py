"""Writes a unique index guards: the rule checks first, the index settles the race.

A rule that must refuse a duplicate (an email, a second review of an order, a sibling's name)
looks first and answers with its code. Two requests can both look before either writes; the
unique index lets one of them win, and the loser's flush fails with an IntegrityError. That
failure means the same as the look-up's answer, so the rule raises the same DomainError:

    with unique_or(User, "uq_users_email", email_taken()):
        await session.flush()

Only a violation of that index is the rule's to name. Any other integrity error (a foreign key,
another unique column) propagates: naming it "email taken" would tell the client something
false. The index is named by its table's model, so a name that the model does not declare fails
at once (ValueError) instead of letting every race through as an unexplained error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from subgraphs.kit.errors import DomainError


@contextmanager
def unique_or(model: Any, index: str, error: DomainError) -> Iterator[None]:
    """Raise `error` when the writes inside lose the unique index `index` of `model`'s table to
    a concurrent writer; let every other error through."""
    _check_declared(model.__table__, index)
    try:
        yield
    except IntegrityError as violation:
        if not violates(violation, index):
            raise
        raise error from violation


def violates(error: IntegrityError, constraint: str) -> bool:
    """Whether `error` is a violation of the constraint or unique index named `constraint`."""
    # asyncpg names the constraint; the message names it too (other drivers).
    name = getattr(error.orig.__cause__, "constraint_name", None) if error.orig else None
    return name == constraint if name is not None else constraint in str(error.orig)


@cache
def _check_declared(table: Table, index: str) -> None:
    unique = {i.name for i in table.indexes if i.unique} | {
        c.name for c in table.constraints if isinstance(c, UniqueConstraint)
    }
    if index not in unique:
        raise ValueError(f"{table.name} declares no unique index or constraint {index!r}")
