"""RawTable: one table's cells as read, columns named by position, rows numbered as shown.

Every reader (delimited text, workbooks, Parquet) hands back RawTables: the cells
uninterpreted, the header text the user wrote, and for each row the number the user
sees in their spreadsheet, so that every problem can name it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["RawTable", "positional_names", "frame_from_arrow"]


@dataclass
class RawTable:
    """The cells of one table as read, before any interpretation.

    `frame` has one column per header cell, named by position (`c0`, `c1`, ...);
    `headers` holds the header text the user wrote. `rows` is the spreadsheet row
    number of each frame row.

    Examples
    --------
    >>> RawTable(pd.DataFrame(), ["Name"], np.array([]), "book.xlsx", "Log").where
    'book.xlsx [sheet Log]'
    """

    frame: pd.DataFrame
    headers: list[str]
    rows: np.ndarray
    file: str
    sheet: str | None = None

    @property
    def where(self) -> str:
        """The file, and the sheet of a workbook, as problems name it.

        Returns
        -------
        str

        Examples
        --------
        >>> RawTable(pd.DataFrame(), [], np.array([]), "a.csv").where
        'a.csv'
        """
        return f"{self.file} [sheet {self.sheet}]" if self.sheet else self.file


def positional_names(headers: list[str]) -> list[str]:
    """The frame's column names for a header row: `c0`, `c1`, ... by position.

    Parameters
    ----------
    headers : list of str

    Returns
    -------
    list of str

    Examples
    --------
    >>> positional_names(["Name", "Date"])
    ['c0', 'c1']
    """
    return [f"c{i}" for i in range(len(headers))]


def frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    """The table as pandas, its arrow buffers freed column by column as they convert.

    One block per column (`split_blocks`): nothing is copied into 2-D blocks. The
    reader's scratch memory stays in arrow's pool unless handed back; pandas then
    allocates its arrays on top of it, so it is released here, where the peak starts.

    Parameters
    ----------
    table : pyarrow.Table
        Not usable afterwards (its buffers are handed to pandas).

    Returns
    -------
    pandas.DataFrame
        Text columns as `string[pyarrow]`.

    Examples
    --------
    >>> frame_from_arrow(pa.table({"c0": ["Ana", None]}))["c0"].dtype.storage
    'pyarrow'
    """
    frame = table.to_pandas(types_mapper=_string_mapper, self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()
    return frame


def _string_mapper(arrow_type: pa.DataType):
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None
