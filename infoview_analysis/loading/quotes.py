"""A quote never closed in delimited text: found in the bytes, named by its row.

Only on error paths: the quotes are counted when a read's last row holds a line
break, or a row is longer than the reader's block.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from infoview_analysis.core.problems import LogError, Problem

__all__ = ["line_starts", "unclosed_quote", "last_row_spans_lines", "check_quotes"]


def line_starts(body: memoryview | bytes) -> np.ndarray:
    """Byte offset of every line start (vectorized; only on error paths).

    Parameters
    ----------
    body : memoryview or bytes

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> line_starts(b"a,b\\nc,d\\n").tolist()
    [0, 4, 8]
    """
    array = np.frombuffer(body, dtype=np.uint8)
    return np.r_[0, np.flatnonzero(array == ord("\n")) + 1]


def unclosed_quote(
    body: memoryview | bytes, delimiter: str, first_row: int, file: str
) -> Problem | None:
    """The row whose opening quote is never closed, when the quotes do not pair up.

    Quotes pair up line by line; after the line with an unclosed quote the running
    count stays odd to the end of the file. Rows are counted as the reader counts them
    (a line break inside a closed quoted cell does not start a row).

    Parameters
    ----------
    body : memoryview or bytes
        The file from its header line on.
    delimiter : str
    first_row : int
        The spreadsheet row number of the first row under the header.
    file : str
        The file name used in problems.

    Returns
    -------
    Problem or None

    Examples
    --------
    >>> body = b'Name,Notes\\nAna,"fine"\\nBo,"never closed\\nCy,ok\\n'
    >>> unclosed_quote(body, ",", 2, "t.csv").row
    3
    >>> unclosed_quote(b'Name,Notes\\nAna,"two\\nlines"\\n', ",", 2, "t.csv") is None
    True
    """
    array = np.frombuffer(body, dtype=np.uint8)
    # Counting is cheap (every cell of a quote-all CSV is quoted); locating is not.
    if np.count_nonzero(array == ord('"')) % 2 == 0:
        return None
    quotes = np.flatnonzero(array == ord('"'))
    starts = line_starts(body)
    per_line = np.bincount(np.searchsorted(starts, quotes, side="right") - 1, minlength=len(starts))
    odd_after = np.cumsum(per_line) % 2 == 1  # inside a quote at the end of each line
    even = np.flatnonzero(~odd_after)
    line = int(even[-1]) + 1 if len(even) else 0  # the last line that left quotes open
    if line >= len(starts):
        return None
    open_before = np.r_[False, odd_after[:-1]]
    row = first_row + int(np.count_nonzero(~open_before[1 : line + 1])) - 1
    end = starts[line + 1] if line + 1 < len(starts) else len(body)
    text = bytes(body[starts[line] : min(end, starts[line] + 80)]).decode("utf-8", "replace")
    opened = re.search(rf'(^|{re.escape(delimiter)})\s*"', text)
    if opened is None:
        return None
    return Problem(
        file,
        row,
        None,
        text.strip(),
        'a closing quote (") for the quote opened in this row: without it every row after '
        "it is read into one cell",
        kind="bad_quote",
    )


def last_row_spans_lines(table: pa.Table) -> bool:
    """True when a text cell of the table's last row holds a line break.

    Parameters
    ----------
    table : pyarrow.Table

    Returns
    -------
    bool

    Examples
    --------
    >>> last_row_spans_lines(pa.table({"c0": ["a", "b\\nc"]}))
    True
    """
    if table.num_rows == 0:
        return False
    last = table.slice(table.num_rows - 1)
    for column in last.columns:
        value = column[0].as_py()
        if isinstance(value, str) and "\n" in value:
            return True
    return False


def check_quotes(body: memoryview | bytes, delimiter: str, first_row: int, file: str) -> None:
    """Raise the problem of a quote never closed, if the quotes do not pair up.

    Parameters
    ----------
    body : memoryview or bytes
    delimiter : str
    first_row : int
    file : str
        See `unclosed_quote`.

    Raises
    ------
    LogError
        Naming the row whose quote is never closed.

    Examples
    --------
    >>> check_quotes(b'Name,Notes\\nAna,"two\\nlines"\\n', ",", 2, "t.csv")
    """
    problem = unclosed_quote(body, delimiter, first_row, file)
    if problem is not None:
        raise LogError([problem])
