"""Problems found in input files: the one collector every step adds them to, and the
one exception that carries all of them.

Every list of row problems names the first `MAX_LISTED` rows of a kind and counts
the rest. A problem itself (`Problem`, its closed kinds) is `core.problem`; how
problems read on screen and in CSV is `core.problem_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# `Problem` and `Severity` are also imported from here by the loading layer.
from infoview_analysis.core.problem import Problem, Severity
from infoview_analysis.core.problem_text import format_problems

__all__ = [
    "MAX_LISTED",
    "ProblemCollector",
    "Hint",
    "LogError",
    "file_problem",
    "file_error",
    "is_missing",
]

# Row problems listed one by one per (file, column, kind); the rest are counted.
MAX_LISTED = 200


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
