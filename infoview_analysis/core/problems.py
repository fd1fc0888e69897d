"""Problems found in input files, the one collector every step adds them to, and the
one exception that carries all of them.

Problem kinds are a closed set (`PROBLEM_KINDS`), checked when a `Problem` is made, so
that a typo in a kind fails loudly in the tests instead of hiding from summaries.
Every list of row problems names the first `MAX_LISTED` rows of a kind and counts
the rest.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

import pandas as pd

from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.spreadsheet_safety import neutralize_frame

__all__ = [
    "MAX_LISTED",
    "SHOWN_PER_KIND",
    "PROBLEM_KINDS",
    "ProblemKind",
    "Severity",
    "Problem",
    "ProblemCollector",
    "Hint",
    "LogError",
    "file_problem",
    "file_error",
    "is_missing",
    "format_problems",
    "problems_table",
    "problems_csv",
    "write_problems_csv",
]

Severity = Literal["error", "warning"]
ProblemKind = Literal[
    # files and tables
    "missing_file",
    "empty_file",
    "empty_folder",
    "not_a_table",
    "unrecognized_table",
    "export_file",
    "missing_column",
    "duplicate_column",
    "unused_columns",
    "row_too_long",
    "bad_quote",
    "bad_line",
    "bad_option",
    "too_large",
    "nested_column",
    # cells
    "missing_value",
    "bad_date",
    "bad_number",
    "unknown_value",
    "invalid",
    "duplicate_id",
    "future_date",
    "old_date",
    "year_completed",
    "time_zone",
    "guessed_date",
    "tick_without_date",
    "left_out_row",
    # people and links
    "unknown_contact",
    "unknown_referrer",
    "referrer_not_named",
    "owner_not_in_roster",
    # importers and the calendar
    "left_out",
    "too_many_occurrences",
    "limit",
]
PROBLEM_KINDS: frozenset[str] = frozenset(get_args(ProblemKind))
SEVERITIES: frozenset[str] = frozenset(get_args(Severity))
# Row problems listed one by one per (file, column, kind); the rest are counted.
MAX_LISTED = 200
# Problems of one kind printed on screen; the rest are counted (all go to --problems).
SHOWN_PER_KIND = 20


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas' NA; False for anything else (lists too).

    Parameters
    ----------
    value : object

    Returns
    -------
    bool

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing([1])
    (True, True, False, False)
    """
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except (TypeError, ValueError):  # pd.NA raises on bool(); arrays are not missing
        return value.__class__.__name__ == "NAType"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, in the words of the user's own spreadsheet.

    `row` is the row number a spreadsheet program shows (the header row of a plain
    CSV is row 1, its first data row is row 2); `column` is the header as the user
    wrote it; `value` the cell as typed. `kind` is one of `PROBLEM_KINDS`.

    Examples
    --------
    >>> str(Problem("log.csv", 7, "Source", "alumnni", "one of family, friend, ...",
    ...             kind="unknown_value", hint="did you mean 'alumni'?"))
    "log.csv, row 7, column 'Source': 'alumnni' is not one of family, friend, ...; did you mean 'alumni'?"
    >>> Problem("a.csv", 2, None, None, "x", kind="typo")
    Traceback (most recent call last):
    ...
    ValueError: problem kind 'typo' is not one of PROBLEM_KINDS (core/problems.py)
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    severity: Severity = "error"
    kind: str = "invalid"
    hint: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(
                f"problem kind {self.kind!r} is not one of PROBLEM_KINDS (core/problems.py)"
            )
        if self.severity not in SEVERITIES:
            raise ValueError(f"problem severity {self.severity!r} is not 'error' or 'warning'")

    def where(self) -> str:
        """File, row and column, as far as they are known.

        Returns
        -------
        str

        Examples
        --------
        >>> Problem("a.csv", 3, "Date", None, "a date").where()
        "a.csv, row 3, column 'Date'"
        """
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def message(self) -> str:
        """What is wrong and what was expected, with the hint if there is one.

        Returns
        -------
        str

        Examples
        --------
        >>> Problem("a.csv", 3, "Date", "soon", "a date", hint="write the date").message()
        "'soon' is not a date; write the date"
        """
        if self.value is None or self.value == "":
            text = f"expected {self.expected}"
        else:
            text = f"{self.value!r} is not {self.expected}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        return f"{self.where()}: {self.message()}"


Hint = str | Callable[[object], str | None] | Sequence[str | None] | None


def _as_typed(value: object) -> object:
    """A cell the way the user sees it: a date read as a date shows as 2026-11-29."""
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        midnight = value.hour == value.minute == value.second == value.microsecond == 0
        return value.strftime("%Y-%m-%d") if midnight else value.isoformat(sep=" ")
    return value


def _hint_for(hint: Hint, i: int, value: object) -> str | None:
    if callable(hint):
        return hint(value)
    if hint is None or isinstance(hint, str):
        return hint
    return hint[i]


@dataclass
class ProblemCollector:
    """Problems found so far, added to by every loading step.

    Examples
    --------
    >>> out = ProblemCollector()
    >>> out.rows("a.csv", [2, 3], "Date", ["soon", "?"], "a date", "bad_date")
    >>> out.file("a.csv", "each column once", "duplicate_column", severity="warning")
    >>> len(out.problems), out.has_errors, len(out.warnings)
    (3, True, 1)
    """

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Add one problem.

        Parameters
        ----------
        problem : Problem

        Examples
        --------
        >>> out = ProblemCollector()
        >>> out.add(Problem("a.csv", 2, "Date", "soon", "a date", kind="bad_date"))
        >>> len(out.problems)
        1
        """
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add several problems.

        Parameters
        ----------
        problems : iterable of Problem
            Added in order, duplicates included.

        Examples
        --------
        >>> out = ProblemCollector()
        >>> out.extend([Problem("a.csv", None, None, None, "a table", kind="empty_file")] * 2)
        >>> len(out.problems)
        2
        """
        self.problems.extend(problems)

    def extend_once(self, problems: Iterable[Problem]) -> None:
        """Add problems, skipping cells already reported (a bad date is not also 'missing').

        Parameters
        ----------
        problems : iterable of Problem
            Those naming a (file, row, column) already reported are skipped.

        Examples
        --------
        >>> out = ProblemCollector([Problem("a.csv", 2, "Date", "x", "a date", kind="bad_date")])
        >>> out.extend_once([Problem("a.csv", 2, "Date", None, "a date", kind="missing_value")])
        >>> len(out.problems)
        1
        """
        seen = {(p.file, p.row, p.column) for p in self.problems if p.row is not None}
        self.problems.extend(
            p for p in problems if p.row is None or (p.file, p.row, p.column) not in seen
        )

    def file(
        self,
        where: str,
        expected: str,
        kind: str,
        column: str | None = None,
        value: object = None,
        severity: Severity = "error",
        hint: str | None = None,
        row: int | None = None,
    ) -> None:
        """Add a problem about a whole file, table or column (no row, unless given).

        Parameters
        ----------
        where : str
            The file (and sheet).
        expected : str
            What it should have been.
        kind : str
            One of `PROBLEM_KINDS`.
        column : str, optional
            The header as written.
        value : object, optional
            What was found.
        severity : {'error', 'warning'}
        hint : str, optional
        row : int, optional
            A row, for a problem about one row.

        Examples
        --------
        >>> out = ProblemCollector()
        >>> out.file("a.csv", "each column once", "duplicate_column", column="Date")
        >>> str(out.problems[0])
        "a.csv, column 'Date': expected each column once"
        """
        self.problems.append(Problem(where, row, column, value, expected, severity, kind, hint))

    def rows(
        self,
        files: str | Sequence[str],
        rows: Sequence[int | None],
        column: str | None,
        values: Sequence[object],
        expected: str,
        kind: str,
        *,
        severity: Severity = "error",
        hint: Hint = None,
    ) -> None:
        """One problem per row for the first `MAX_LISTED` rows, then one counting the rest.

        `files` is one file name or one per row; `values` holds the cells as typed
        (only the first `MAX_LISTED` are read, so a long column costs nothing more);
        `hint` is a text, a function of the value, or one hint per listed row.

        Parameters
        ----------
        files : str or sequence of str
            One file, or one per row.
        rows : sequence of int or None
            Spreadsheet row numbers.
        column : str or None
            The header as written.
        values : sequence
            The cells as typed (at least the first `MAX_LISTED`).
        expected : str
        kind : str
            One of `PROBLEM_KINDS`.
        severity : {'error', 'warning'}
        hint : str, callable or list, optional
            A text, a function of the value, or one hint per row.

        Examples
        --------
        >>> out = ProblemCollector()
        >>> out.rows("a.csv", list(range(2, 2 + MAX_LISTED + 5)), "Date",
        ...          ["soon"] * (MAX_LISTED + 5), "a date", "bad_date")
        >>> len(out.problems), out.problems[-1].expected
        (201, 'a date (5 more rows like the above)')
        """
        total = len(rows)
        if total == 0:
            return
        listed = min(total, MAX_LISTED)
        many_files = not isinstance(files, str)
        for i, (row, value) in enumerate(zip(rows[:listed], list(values[:listed]), strict=True)):
            value = _as_typed(value)
            self.problems.append(
                Problem(
                    str(files[i]) if many_files else files,  # type: ignore[arg-type]
                    None if row is None else int(row),
                    column,
                    value,
                    expected,
                    severity,
                    kind,
                    _hint_for(hint, i, value),
                )
            )
        if total > MAX_LISTED:
            self.problems.append(
                Problem(
                    "(all files)" if many_files else files,  # type: ignore[arg-type]
                    None,
                    column,
                    None,
                    f"{expected} ({total - MAX_LISTED} more rows like the above)",
                    severity,
                    kind,
                )
            )

    @property
    def has_errors(self) -> bool:
        """True when any problem is an error.

        Returns
        -------
        bool

        Examples
        --------
        >>> ProblemCollector().has_errors
        False
        """
        return any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop loading.

        Returns
        -------
        list of Problem

        Examples
        --------
        >>> ProblemCollector([Problem("a.csv", 2, None, None, "x")]).errors[0].severity
        'error'
        """
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not stop loading.

        Returns
        -------
        list of Problem

        Examples
        --------
        >>> ProblemCollector([Problem("a.csv", 2, None, None, "x")]).warnings
        []
        """
        return [p for p in self.problems if p.severity == "warning"]


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


class LogError(ValueError):
    """Bad input: carries every problem found (`problems`), errors and warnings alike.

    Examples
    --------
    >>> err = LogError([Problem("a.csv", None, None, None, "a table", kind="empty_file")])
    >>> len(err.errors)
    1
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    @property
    def errors(self) -> list[Problem]:
        """The problems that stopped loading.

        Returns
        -------
        list of Problem

        Examples
        --------
        >>> len(LogError([Problem("a.csv", 2, None, None, "x")]).errors)
        1
        """
        return ProblemCollector(self.problems).errors

    @property
    def warnings(self) -> list[Problem]:
        """The problems found alongside that would not have stopped it.

        Returns
        -------
        list of Problem

        Examples
        --------
        >>> LogError([Problem("a.csv", 2, None, None, "x")]).warnings
        []
        """
        return ProblemCollector(self.problems).warnings

    def _text(self) -> str:
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in the input"
        return head + ":\n" + format_problems(self.problems)


def file_problem(
    file: str, expected: str, kind: str, value: object = None, column: str | None = None
) -> Problem:
    """A problem with a whole file (no row): what it should have been, and its kind.

    Parameters
    ----------
    file : str
        The file as the user named it.
    expected : str
        What the file should be, in the user's words.
    kind : str
        One of `PROBLEM_KINDS`.
    value : object, optional
        What was found instead.
    column : str, optional
        The header concerned, as written.

    Returns
    -------
    Problem

    Examples
    --------
    >>> str(file_problem("a.csv", "an existing file", "missing_file"))
    'a.csv: expected an existing file'
    """
    return Problem(file, None, column, value, expected, kind=kind)


def file_error(
    file: str, expected: str, kind: str, value: object = None, column: str | None = None
) -> LogError:
    """The `LogError` for one problem with a whole file (see `file_problem`).

    Parameters
    ----------
    file, expected, kind, value, column
        As for `file_problem`.

    Returns
    -------
    LogError
        To be raised by the caller.

    Examples
    --------
    >>> file_error("a.vcf", "a vCard file", "not_a_table").problems[0].kind
    'not_a_table'
    """
    return LogError([file_problem(file, expected, kind, value, column)])
