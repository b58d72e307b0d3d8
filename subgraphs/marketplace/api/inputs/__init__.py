"""Input types, one module per aggregate; `given` reads what a partial update sent."""

from __future__ import annotations

from typing import Any

import strawberry


def given(input: object) -> dict[str, Any]:
    """The fields the client sent (a partial update leaves the others out)."""
    return {name: value for name, value in vars(input).items() if value is not strawberry.UNSET}
