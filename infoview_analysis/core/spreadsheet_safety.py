"""Formula prefixes in text cells people open in a spreadsheet: neutralized on write,
restored on read.

A text cell that starts with `=`, `+`, `-`, `@`, TAB or CR is run as a formula by
Excel, LibreOffice and Google Sheets (CSV injection: `=HYPERLINK(...)`,
`+cmd|' /C calc'!A0`). Every CSV/XLSX that infoview writes for people passes its text
columns through `neutralize_formulas`, which puts an apostrophe in front of such a
cell (the spreadsheet's own "this is text" mark). `restore_formulas`, applied by the
loader to every text column it reads, takes that apostrophe off again, so
`load_log` reads infoview's own output back unchanged.

The pair is exactly reversible: a cell made of k >= 0 apostrophes and then a prefix
gets one more apostrophe on write, and a cell of k >= 1 apostrophes and then a prefix
loses one on read. A cell a person typed as `'=x` therefore reads as `=x`, which is
what the spreadsheet shows for it too. Both run as vectorized pyarrow string kernels.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.dtypes import STRING

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The mark put in front of a neutralized cell.
TEXT_MARK = "'"

_CLASS = "[=+\\-@\\t\\r]"
_NEEDS_MARK = f"^'*{_CLASS}"
_HAS_MARK = f"^'+{_CLASS}"


def _arrow(values: pd.Series) -> pa.ChunkedArray:
    text = values.astype(STRING)
    return pa.chunked_array(text.array._pa_array).cast(pa.large_string())  # noqa: SLF001


def _series(array: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(array, dtype=STRING), index=index)


def neutralize_formulas(values: pd.Series) -> pd.Series:
    """Text cells safe to open in a spreadsheet: a leading formula prefix gets an apostrophe.

    Missing values stay missing; other cells are unchanged.

    Parameters
    ----------
    values : pandas.Series
        Text cells (any dtype; read as strings).

    Returns
    -------
    pandas.Series
        The same cells, string dtype, formula prefixes neutralized.

    Examples
    --------
    >>> neutralize_formulas(pd.Series(["=HYPERLINK(\\"x\\")", "@SUM(1+1)", "Ana", "'-1", None])).tolist()
    ['\\'=HYPERLINK("x")', "'@SUM(1+1)", 'Ana', "''-1", <NA>]
    """
    text = _arrow(values)
    risky = pc.fill_null(pc.match_substring_regex(text, _NEEDS_MARK), False)
    marked = pc.binary_join_element_wise(
        pa.scalar(TEXT_MARK, pa.large_string()), text, pa.scalar("", pa.large_string())
    )
    return _series(pc.if_else(risky, marked, text), values.index)


def restore_formulas(values: pd.Series) -> pd.Series:
    """The inverse of `neutralize_formulas`: one apostrophe before a formula prefix is taken off.

    Parameters
    ----------
    values : pandas.Series
        Text cells as read from a file.

    Returns
    -------
    pandas.Series
        The cells as they were before `neutralize_formulas`, string dtype.

    Examples
    --------
    >>> cells = pd.Series(["=1+1", "'=1+1", "''-x", "it's", None])
    >>> restore_formulas(neutralize_formulas(cells)).tolist() == cells.astype("string[pyarrow]").tolist()
    True
    >>> restore_formulas(pd.Series(["'+cmd", "'plain"])).tolist()
    ['+cmd', "'plain"]
    """
    text = _arrow(values)
    marked = pc.fill_null(pc.match_substring_regex(text, _HAS_MARK), False)
    return _series(pc.if_else(marked, pc.utf8_slice_codeunits(text, 1), text), values.index)


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text columns (object or string dtype) are neutralized.

    Numeric, date and boolean columns are left as they are (a negative number is no
    formula).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be written for people to open.

    Returns
    -------
    pandas.DataFrame
        A copy; `frame` is not changed.

    Examples
    --------
    >>> neutralize_frame(pd.DataFrame({"name": ["+cmd"], "n": [-1]})).values.tolist()
    [["'+cmd", -1]]
    """
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            out[column] = neutralize_formulas(out[column])
    return out


__all__ = [
    "FORMULA_PREFIXES",
    "TEXT_MARK",
    "neutralize_formulas",
    "restore_formulas",
    "neutralize_frame",
]
