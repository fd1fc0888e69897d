"""Problems found in input files, and the one exception that carries all of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, in the words of the user's own spreadsheet.

    `row` is the row number a spreadsheet program shows (the header row of a plain
    CSV is row 1, its first data row is row 2); `column` is the header as the user
    wrote it.

    >>> str(Problem("log.csv", 7, "Source", "alumnni", "one of family, friend, ...",
    ...             kind="unknown_value", hint="did you mean 'alumni'?"))
    "log.csv, row 7, column 'Source': 'alumnni' is not one of family, friend, ...; did you mean 'alumni'?"
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    severity: Severity = "error"
    kind: str = "invalid"
    hint: str | None = None

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def message(self) -> str:
        if self.value is None or self.value == "":
            text = f"expected {self.expected}"
        else:
            text = f"{self.value!r} is not {self.expected}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        return f"{self.where()}: {self.message()}"


def format_problems(problems: list[Problem], per_kind: int = 20) -> str:
    """Problems as readable lines, at most `per_kind` of each kind, then counts.

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


def problems_table(problems: list[Problem], per_kind: int = 20) -> str:
    """Problems as an aligned table (severity, file, row, column, value, problem).

    At most `per_kind` rows of each kind, then a count of the rest.

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


class LogError(ValueError):
    """Bad input: carries every problem found (`problems`), errors and warnings alike.

    >>> err = LogError([Problem("a.csv", None, None, None, "a table", kind="empty_file")])
    >>> len(err.errors)
    1
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def _text(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the input"
        return head + ":\n" + format_problems(self.problems)
