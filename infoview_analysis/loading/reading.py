"""One file (CSV/TSV/XLSX/Parquet) -> RawTables: the reader its kind needs.

The kind comes from the suffix, or from the first bytes (`force_kind`); the readers
are `delimited`, `workbooks` and `parquet`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from infoview_analysis.core.limits import MAX_FILE_BYTES, human_bytes
from infoview_analysis.core.problems import file_error
from infoview_analysis.loading.delimited import read_delimited
from infoview_analysis.loading.parquet import read_parquet
from infoview_analysis.loading.raw_table import RawTable
from infoview_analysis.loading.workbooks import read_workbook

__all__ = ["check_file", "TABLE_SUFFIXES", "read_any"]

TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq"}


def check_file(path: Path, display: str, expected: str = "an existing file") -> None:
    """Refuse a missing file, or one over `MAX_FILE_BYTES`, before anything reads it.

    Every reader of a user's file calls this first (logs, trackers and exports alike),
    so no file is read whole into memory past the limit.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    display : str
        The file as the user named it, for the message.
    expected : str
        What a missing file should have been, for the message.

    Raises
    ------
    LogError
        `missing_file` or `too_large`, naming the file and the limit.

    Examples
    --------
    >>> import pathlib
    >>> from infoview_analysis.core.problems import LogError
    >>> try:
    ...     check_file(pathlib.Path("/nonexistent.csv"), "nonexistent.csv")
    ... except LogError as err:
    ...     print(err.problems[0].kind)
    missing_file
    """
    if not path.exists():
        raise file_error(display, expected, "missing_file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise file_error(
            display,
            f"a file of at most {human_bytes(MAX_FILE_BYTES)} (this one is "
            f"{human_bytes(size)}): split it, one file per owner in a folder",
            "too_large",
        )


def read_any(
    path: Path,
    recognize: Callable[[str], bool],
    dictionary_columns: Callable[[str], bool] = lambda _h: False,
    display: str | None = None,
    force_kind: str | None = None,
    typed_columns: Callable[[str], pa.DataType | None] = lambda _h: None,
) -> list[RawTable]:
    """Read a CSV/TSV, Excel workbook (every sheet with a table) or Parquet file.

    Parameters
    ----------
    path : pathlib.Path
    recognize, dictionary_columns, typed_columns : callable
        See `read_delimited`.
    display : str, optional
    force_kind : {'xlsx', 'parquet'}, optional
        The kind told from the file's first bytes, whatever its suffix.

    Returns
    -------
    list of RawTable

    Raises
    ------
    LogError

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> _ = path.write_text("Name\\tDate\\nAna\\t2026-10-01\\n")
    >>> [t.headers for t in read_any(path, lambda c: c in ("Name", "Date"))]
    [['Name', 'Date']]
    """
    file = display or str(path)
    check_file(path, file, "an existing file or folder")
    suffix = path.suffix.lower()
    kind = force_kind or {
        ".xlsx": "xlsx",
        ".xlsm": "xlsx",
        ".parquet": "parquet",
        ".pq": "parquet",
    }.get(suffix)
    if kind == "xlsx":
        return read_workbook(path, recognize, file)
    if kind == "parquet":
        return [read_parquet(path, dictionary_columns, file)]
    return [read_delimited(path, recognize, dictionary_columns, display, typed_columns)]
