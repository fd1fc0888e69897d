"""Real export files in ../shared/fixtures, read in place: one lookup for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["FIXTURES", "fx"]

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def fx(name: str) -> Path:
    """The fixture's path; the test is skipped, with the reason, where it is absent."""
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} is absent from {FIXTURES} (shared fixtures folder missing)")
    return path
