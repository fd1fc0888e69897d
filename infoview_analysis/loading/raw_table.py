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
    Dictionary-encoded text becomes categoricals with `string[pyarrow]` categories.

    Parameters
    ----------
    table : pyarrow.Table
        Not usable afterwards (its buffers are handed to pandas). Pass it with no other
        reference left for its memory to be freed during the conversion.

    Returns
    -------
    pandas.DataFrame
        Text columns as `string[pyarrow]`.

    Examples
    --------
    >>> frame_from_arrow(pa.table({"c0": ["Ana", None]}))["c0"].dtype.storage
    'pyarrow'
    >>> frame_from_arrow(pa.table({"c0": pa.array(["b", None, "a"]).dictionary_encode()}))["c0"].tolist()
    ['b', <NA>, 'a']
    """
    names = table.column_names
    encoded = [name for name in names if _text_dictionary(table[name].type)]
    if not encoded or not table.num_rows:
        return _to_pandas(table)
    dictionaries = {name: table[name] for name in encoded}
    rest = table.drop_columns(encoded)
    del table
    # Column by column, each freed once converted when the caller kept no reference.
    # (Converting the other columns on a second thread meanwhile gained 3 ms at a
    # million CSV rows and lost 40 ms at five million Parquet rows: arrow's conversion
    # holds the GIL for much of its work.)
    categorical = {name: _categorical(dictionaries.pop(name)) for name in encoded}
    frame = _to_pandas(rest)
    columns = {name: categorical[name] if name in categorical else frame[name] for name in names}
    return pd.DataFrame(columns, index=frame.index, copy=False)


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper=_string_mapper, self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()
    return frame


def _text_dictionary(arrow_type: pa.DataType) -> bool:
    return pa.types.is_dictionary(arrow_type) and _string_mapper(arrow_type.value_type) is not None


def _categorical(column: pa.ChunkedArray) -> pd.Categorical | pd.Series:
    """A dictionary-encoded text column as a categorical.

    Arrow's own conversion unifies the blocks' dictionaries too, then builds the codes
    through pandas at several times the cost of one unification and one copy of the
    indices (the reader gives every block its own dictionary).
    """
    column = column.unify_dictionaries()
    dictionary = column.chunk(0).dictionary
    if dictionary.null_count:  # not what a reader makes: arrow's own conversion
        return column.to_pandas(types_mapper=_string_mapper)
    # The narrowest codes pandas itself would choose, so that it keeps these as they are.
    size = len(dictionary)
    width = np.int8 if size < 127 else np.int16 if size < 32767 else np.int32
    codes = np.empty(len(column), dtype=width)
    start = 0
    for chunk in column.chunks:
        indices = chunk.indices
        if indices.null_count:
            indices = indices.fill_null(-1)
        codes[start : start + len(indices)] = indices.to_numpy()
        start += len(indices)
    categories = pd.Index(pd.array(dictionary, dtype=pd.StringDtype("pyarrow")))
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def _string_mapper(arrow_type: pa.DataType):
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None
