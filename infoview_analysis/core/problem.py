"""One problem in an input: its closed kinds and severities, where it is, what it says.

Problem kinds are a closed set (`PROBLEM_KINDS`), checked when a `Problem` is made, so
that a typo in a kind fails loudly in the tests instead of hiding from summaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = ["PROBLEM_KINDS", "SEVERITIES", "ProblemKind", "Severity", "Problem"]

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
    ValueError: problem kind 'typo' is not one of PROBLEM_KINDS (core/problem.py)
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
                f"problem kind {self.kind!r} is not one of PROBLEM_KINDS (core/problem.py)"
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
