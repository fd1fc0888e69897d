"""Excel workbooks (openpyxl) of published cohort tables and of the advisor's action list.

One sheet per table, a bold frozen header, numbers in their formats (rates as
percentages, counts with thousands separators, medians with one decimal), and a
suppressed figure written as the mark `SUPPRESSED_MARK` on a grey cell instead of a
number. Every text cell is stored as text with Excel's "this is text" flag: a value
such as `=HYPERLINK(...)` shows as typed and never runs as a formula.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from infoview_analysis.core.files import replace_atomically
from infoview_analysis.core.spreadsheet_safety import FORMULA_PREFIXES

SUPPRESSED_MARK = "suppressed"
WITHHELD_MARK = "–"
MAX_SHEET_NAME = 31  # Excel's limit
RATE_FORMAT = "0%"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
DATE_FORMAT = "yyyy-mm-dd"
GREY = "DDDDDD"
CONFIDENTIAL_RED = "C00000"


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (no []:*?/\\, at most 31 characters).

    Parameters
    ----------
    text : str
        The name wanted.
    taken : set of str
        Names already used (the new one is added).

    Returns
    -------
    str

    Examples
    --------
    >>> sheet_name("By cohort / program", set())
    'By cohort - program'
    """
    name = re.sub(r"[\[\]:*?/\\]", "-", str(text)).strip("'") or "Sheet"
    name = name[:MAX_SHEET_NAME]
    base, k = name, 2
    while name in taken:
        suffix = f" ({k})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        k += 1
    taken.add(name)
    return name


def _number_format(column: str) -> str:
    if column.endswith("_rate") or column in ("change_pts",):
        return RATE_FORMAT
    if column.startswith("median") or column.endswith("per_month"):
        return DECIMAL_FORMAT
    return COUNT_FORMAT


def _text(cell, value: object) -> None:
    cell.value = str(value)
    cell.data_type = "s"  # never a formula, whatever the first character
    if cell.value.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def write_workbook(
    tables: Mapping[str, pd.DataFrame],
    path: str | os.PathLike,
    title: str = "",
    confidential: bool = False,
) -> Path:
    """Write `tables` (sheet name -> table) to an .xlsx at `path`, atomically.

    A row with `suppressed=True` has its figures written as `SUPPRESSED_MARK`; a
    figure missing for another reason (withheld rate, no data) as `WITHHELD_MARK`.
    With `confidential`, every sheet opens with a red CONFIDENTIAL line.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Sheet name -> table.
    path : str or os.PathLike
        The .xlsx to write.
    title : str
        A first line on every sheet.
    confidential : bool
        Open every sheet with a red CONFIDENTIAL line.

    Returns
    -------
    pathlib.Path
        `path`, the workbook as written.

    Examples
    --------
    >>> import tempfile
    >>> from openpyxl import load_workbook
    >>> t = pd.DataFrame({"program": ["=cmd", "B"], "n_owners": [12, None],
    ...                   "suppressed": [False, True], "career_outcomes_rate": [0.5, None]})
    >>> p = write_workbook({"By program": t}, tempfile.mkdtemp() + "/t.xlsx", "Cohort 2026")
    >>> ws = load_workbook(p)["By program"]
    >>> [c.value for c in ws[3]], [c.value for c in ws[5]]
    (['Program', 'Students', 'Career outcomes rate'], ['B', 'suppressed', 'suppressed'])
    >>> ws["A4"].data_type, ws["C4"].number_format
    ('s', '0%')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from infoview_analysis.views.tables import heading

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    grey = PatternFill("solid", fgColor=GREY)
    for name, frame in tables.items():
        ws = book.create_sheet(sheet_name(name, taken))
        hidden = (
            frame["suppressed"].fillna(False).to_numpy(bool)
            if "suppressed" in frame
            else [False] * len(frame)
        )
        shown = frame.drop(columns=[c for c in ("suppressed",) if c in frame])
        line = 1
        if confidential:
            _text(ws.cell(row=line, column=1), "CONFIDENTIAL: student-level data, do not share")
            ws.cell(row=line, column=1).font = Font(bold=True, color=CONFIDENTIAL_RED)
            line += 1
        _text(ws.cell(row=line, column=1), f"{title} — {name}" if title else name)
        ws.cell(row=line, column=1).font = Font(bold=True, size=13)
        line += 1
        if frame.attrs.get("rules"):
            _text(ws.cell(row=line, column=1), frame.attrs["rules"])
            ws.cell(row=line, column=1).font = Font(italic=True, color="555555")
            line += 1
        header = line + 1  # one blank line under the title
        for j, column in enumerate(shown.columns, start=1):
            cell = ws.cell(row=header, column=j)
            _text(cell, heading(column))  # "Students", "Knowledge rate", as in the reports
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(12, min(40, len(str(column)) + 2))
        numeric = {c: pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns}
        for i, (row, secret) in enumerate(
            zip(shown.itertuples(index=False), hidden, strict=True), start=header + 1
        ):
            for j, (column, value) in enumerate(zip(shown.columns, row, strict=True), start=1):
                cell = ws.cell(row=i, column=j)
                missing = value is None or value is pd.NA or value is pd.NaT
                missing = missing or (isinstance(value, float) and math.isnan(value))
                if numeric[column] and secret and column != "note":
                    _text(cell, SUPPRESSED_MARK)
                    cell.fill = grey
                    cell.alignment = Alignment(horizontal="right")
                elif missing:
                    _text(cell, WITHHELD_MARK if numeric[column] else "")
                    cell.alignment = Alignment(horizontal="right")
                elif isinstance(value, pd.Timestamp):
                    cell.value = value.to_pydatetime()
                    cell.number_format = DATE_FORMAT
                elif numeric[column] and not isinstance(value, bool):
                    cell.value = float(value) if not float(value).is_integer() else int(value)
                    cell.number_format = _number_format(column)
                else:
                    _text(cell, value)
        ws.freeze_panes = ws.cell(row=header + 1, column=1)
    if not tables:
        _text(book.create_sheet("Empty").cell(row=1, column=1), "No tables to publish.")
    return replace_atomically(path, lambda tmp: book.save(tmp))


__all__ = ["write_workbook", "sheet_name", "SUPPRESSED_MARK", "WITHHELD_MARK"]
