"""Problems as people read them: lines per kind, an aligned table, a CSV file."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.problem import Problem
from infoview_analysis.core.spreadsheet_safety import neutralize_frame

__all__ = [
    "SHOWN_PER_KIND",
    "format_problems",
    "problems_table",
    "problems_csv",
    "write_problems_csv",
]

# Problems of one kind printed on screen; the rest are counted (all go to --problems).
SHOWN_PER_KIND = 20


def format_problems(problems: list[Problem], per_kind: int = SHOWN_PER_KIND) -> str:
    """Problems as readable lines, at most `per_kind` of each kind, then counts.

    Parameters
    ----------
    problems : list of Problem
    per_kind : int
        How many of each kind are listed.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_problems([Problem("a.csv", 2, "Date", "soon", "a date")]))
    error   a.csv, row 2, column 'Date': 'soon' is not a date
    """
    lines: list[str] = []
    shown: Counter[tuple[str, str]] = Counter()
    totals = Counter((p.severity, p.kind) for p in problems)
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.kind, p.file, p.row or 0))
    for problem in ordered:
        key = (problem.severity, problem.kind)
        shown[key] += 1
        if shown[key] <= per_kind:
            lines.append(f"{problem.severity:<7} {problem}")
    for (severity, kind), total in sorted(totals.items()):
        if total > per_kind:
            lines.append(f"{severity:<7} ... and {total - per_kind} more '{kind}' {severity}s")
    return "\n".join(lines)


def _cell(text: object, width: int) -> str:
    text = "" if text is None else str(text)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def problems_table(problems: list[Problem], per_kind: int = SHOWN_PER_KIND) -> str:
    """Problems as an aligned table (severity, file, row, column, value, problem).

    At most `per_kind` rows of each kind, then a count of the rest.

    Parameters
    ----------
    problems : list of Problem
    per_kind : int
        How many rows of each kind are listed.

    Returns
    -------
    str

    Examples
    --------
    >>> print(problems_table([Problem("a.csv", 2, "Date", "soon", "a date")]))
    severity  file   row  column  value   problem
    error     a.csv  2    Date    'soon'  expected a date
    """
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    shown: Counter[tuple[str, str]] = Counter()
    totals = Counter((p.severity, p.kind) for p in problems)
    rows: list[list[str]] = []
    for p in ordered:
        key = (p.severity, p.kind)
        shown[key] += 1
        if shown[key] > per_kind:
            continue
        problem = (f"{p.hint} " if p.hint else "") + f"expected {p.expected}"
        value = "" if p.value is None or p.value == "" else repr(p.value)
        rows.append(
            [
                p.severity,
                _cell(p.file, 60),
                "" if p.row is None else str(p.row),
                _cell(p.column, 20),
                _cell(value, 30),
                problem,  # last column: never cut, the terminal wraps it
            ]
        )
    header = ["severity", "file", "row", "column", "value", "problem"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    for (severity, kind), total in sorted(totals.items()):
        if total > per_kind:
            lines.append(f"... and {total - per_kind} more {severity}s of kind '{kind}'")
    return "\n".join(lines)


def problems_csv(problems: Sequence[Problem]) -> str:
    """Every problem as CSV text, one row each, formula prefixes neutralized.

    Columns: severity, kind, file, row, column, value, expected, hint. A cell that a
    spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe.

    Parameters
    ----------
    problems : sequence of Problem

    Returns
    -------
    str
        CSV text with a header row.

    Examples
    --------
    >>> print(problems_csv([Problem("a.csv", 2, "Name", "=1+1", "a name")]).strip())
    severity,kind,file,row,column,value,expected,hint
    error,invalid,a.csv,2,Name,'=1+1,a name,
    """
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    table = pd.DataFrame(
        {
            "severity": [p.severity for p in ordered],
            "kind": [p.kind for p in ordered],
            "file": [p.file for p in ordered],
            "row": pd.array([p.row for p in ordered], dtype="Int64"),
            "column": [p.column for p in ordered],
            "value": [None if p.value is None else str(p.value) for p in ordered],
            "expected": [p.expected for p in ordered],
            "hint": [p.hint for p in ordered],
        }
    )
    return neutralize_frame(table).to_csv(index=False, lineterminator="\n")


def write_problems_csv(problems: Sequence[Problem], path: str | os.PathLike[str]) -> Path:
    """Write every problem to a CSV file (see `problems_csv`), atomically.

    Parameters
    ----------
    problems : sequence of Problem
    path : str or os.PathLike
        The CSV file to write.

    Returns
    -------
    pathlib.Path
        `path`, the CSV as written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "problems.csv"
    >>> write_problems_csv([Problem("a.csv", 2, "Date", "soon", "a date")], target).name
    'problems.csv'
    """
    return write_text_atomically(path, problems_csv(problems))
