"""Limits on what input infoview reads, in one place, each with the message shown when hit.

A file beyond a limit is refused with one clear problem (file, and row where there
is one) before it can take unbounded time or memory. README "Limits" lists them.

>>> MAX_COLUMNS
10000
>>> human_bytes(MAX_FILE_BYTES)
'2 GiB'
"""

from __future__ import annotations

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_XLSX_UNPACKED_BYTES",
    "MAX_XLSX_MEMBERS",
    "MAX_ROW_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_COLUMNS",
    "human_bytes",
]

#: Largest input file read (CSV, TSV, Excel or Parquet), on disk.
MAX_FILE_BYTES = 2 * 1024**3
#: Largest total size an Excel workbook may unpack to (its zip declares it): a 2 MB
#: workbook that inflates to gigabytes (a "zip bomb") is refused before it is opened.
MAX_XLSX_UNPACKED_BYTES = 512 * 1024**2
#: Most parts an Excel workbook (a zip) may hold.
MAX_XLSX_MEMBERS = 10_000
#: Longest row of a CSV/TSV file (the CSV reader's block size): a longer row is a cell
#: of megabytes, or a quote never closed.
MAX_ROW_BYTES = 16 * 1024**2
#: Longest header line of a CSV/TSV file.
MAX_HEADER_BYTES = 1024**2
#: Most columns a table may have.
MAX_COLUMNS = 10_000


def human_bytes(n: int) -> str:
    """A byte count for people: 16 MiB, 2 GiB.

    Parameters
    ----------
    n : int

    Returns
    -------
    str

    Examples
    --------
    >>> human_bytes(16 * 1024**2), human_bytes(1500)
    ('16 MiB', '1 KiB')
    """
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            return f"{n // size} {unit}"
    return f"{n} bytes"
