"""One input table after header mapping, and how its cells are reported.

A `Table` keeps the canonical columns, the raw table they came from and the header
the user wrote for each column, so that every problem names the user's header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from infoview_analysis.core.problems import MAX_LISTED, Hint, ProblemCollector, Severity
from infoview_analysis.loading.raw_table import RawTable

__all__ = ["Table", "table_frame", "report_cells"]


@dataclass
class Table:
    """One input table after header mapping: canonical columns plus where rows came from.

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame({"c0": ["Ana"]}), ["Who"], np.array([2]), "t.csv")
    >>> Table("contacts", table_frame(raw, {"name": "c0"}), raw, {"name": "Who"}).role
    'contacts'
    """

    role: str
    frame: pd.DataFrame
    raw: RawTable
    header_of: dict[str, str] = field(default_factory=dict)
    # Where the owner id came from: 'column', 'option' (--owner), 'file' (the file's
    # name inside a folder) or 'default' ('me').
    owner_from: str = "column"

    @classmethod
    def of(
        cls, role: str, columns: dict[str, list], headers: dict[str, str] | None = None
    ) -> Table:
        """A small table from canonical columns, its rows numbered from 2 as in a CSV.

        For examples and tests: the raw table is `t.csv` with the given headers.

        Parameters
        ----------
        role : str
            'contacts', 'events', 'owners' or 'wide'.
        columns : dict
            Canonical column -> cells, all of one length.
        headers : dict, optional
            Canonical column -> the header the user wrote (default: the column's name).

        Returns
        -------
        Table

        Examples
        --------
        >>> table = Table.of("events", {"date": ["soon"]}, {"date": "When"})
        >>> table.raw.where, table.raw.headers, table.frame.to_dict("list")
        ('t.csv', ['When'], {'date': ['soon'], '_row': [2]})
        """
        frame = pd.DataFrame(columns)
        rows = np.arange(2, len(frame) + 2)
        frame["_row"] = rows
        header_of = {c: (headers or {}).get(c, c) for c in columns}
        raw = RawTable(pd.DataFrame(), list(header_of.values()), rows, "t.csv")
        return cls(role, frame, raw, header_of)

    def header(self, column: str) -> str:
        """The header the user wrote for a canonical column (the column's name if none).

        Parameters
        ----------
        column : str
            A canonical column.

        Returns
        -------
        str

        Examples
        --------
        >>> raw = RawTable(pd.DataFrame(), ["Who"], np.array([]), "t.csv")
        >>> Table("contacts", pd.DataFrame(), raw, {"name": "Who"}).header("name")
        'Who'
        """
        return self.header_of.get(column, column)


def table_frame(raw: RawTable, columns: dict[str, str]) -> pd.DataFrame:
    """The mapped columns of a raw table under canonical names, plus `_row`.

    Parameters
    ----------
    raw : RawTable
    columns : dict
        canonical column -> positional name, from `map_headers`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame({"c0": ["Ana"]}), ["Name"], np.array([2]), "t.csv")
    >>> table_frame(raw, {"name": "c0"}).to_dict("list")
    {'name': ['Ana'], '_row': [2]}
    """
    # One construction around the same arrays: setting `_row` on a selection would
    # copy the row numbers (a millisecond or more per million rows).
    data = {column: raw.frame[name].array for column, name in columns.items()}
    data["_row"] = raw.rows
    return pd.DataFrame(data, index=raw.frame.index, copy=False)


def report_cells(
    out: ProblemCollector,
    table: Table,
    mask: np.ndarray | pd.Series,
    column: str,
    expected: str,
    kind: str,
    *,
    values: pd.Series | None = None,
    severity: Severity = "error",
    hint: Hint = None,
) -> None:
    """Report the cells of `column` where `mask` holds, by the user's header and row.

    Parameters
    ----------
    out : ProblemCollector
    table : Table
    mask : array of bool
    column : str
        Canonical column (named in the problem by the user's header).
    expected, kind : str
    values : pandas.Series, optional
        The cells as typed (default: the column itself).
    severity : {'error', 'warning'}
    hint : str, callable or list, optional
        A text, a function of the value, or one hint per listed row.

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["When"], np.array([2]), "t.csv")
    >>> table = Table("events", pd.DataFrame({"date": ["soon"], "_row": [2]}), raw, {"date": "When"})
    >>> out = ProblemCollector()
    >>> report_cells(out, table, [True], "date", "a date", "bad_date")
    >>> str(out.problems[0])
    "t.csv, row 2, column 'When': 'soon' is not a date"
    """
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    if positions.size == 0:
        return
    shown = positions[:MAX_LISTED]
    cells = (values if values is not None else table.frame[column]).iloc[shown].tolist()
    rows = table.frame["_row"].to_numpy()[positions]
    out.rows(
        table.raw.where,
        rows,
        table.header(column),
        cells,
        expected,
        kind,
        severity=severity,
        hint=hint,
    )
