"""What every command shares: one way to print a LogError and exit."""

from __future__ import annotations

import sys

import click

from infoview_analysis.core.problem_text import problems_table
from infoview_analysis.core.problems import LogError

__all__ = ["fail_with"]


def fail_with(err: LogError) -> None:
    """Print every problem readably and exit 1 (no traceback)."""
    click.echo(problems_table(err.problems), err=True)
    n = len(err.errors)
    click.echo(
        f"\n{n} error{'s' if n != 1 else ''}, {len(err.warnings)} warning(s): nothing was loaded.",
        err=True,
    )
    sys.exit(1)
