"""The subgraphs of Agora, their ports, and which of them exist in this checkout."""

from __future__ import annotations

from pathlib import Path

SUBGRAPHS_DIR = Path(__file__).resolve().parent.parent / "subgraphs"

SUBGRAPH_PORTS: dict[str, int] = {
    "users": 8000,
    "notifications": 8001,
    "freelance": 8002,
    "content": 8003,
    "marketplace": 8004,
}


def available_subgraphs() -> list[str]:
    """Subgraphs whose package (with an app) is present, in port order."""
    return [name for name in SUBGRAPH_PORTS if (SUBGRAPHS_DIR / name / "app.py").exists()]
