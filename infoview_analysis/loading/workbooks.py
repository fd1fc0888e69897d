"""One Excel workbook (XLSX via openpyxl) -> a RawTable per sheet that holds a table.

Rows keep the numbers the sheet shows; a workbook that unpacks past the limit is
refused before it is opened.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.limits import MAX_XLSX_MEMBERS, MAX_XLSX_UNPACKED_BYTES, human_bytes
from infoview_analysis.core.problems import file_error
from infoview_analysis.loading.header_row import HEADER_SCAN_RECORDS, header_score
from infoview_analysis.loading.raw_table import RawTable, positional_names

__all__ = ["read_workbook"]


def _check_workbook_size(path: Path, file: str) -> None:
    """Refuse a workbook whose parts unpack to more than `MAX_XLSX_UNPACKED_BYTES`.

    The sizes come from the zip's own directory, before anything is unpacked (Python's
    zip reader never unpacks a part past its declared size).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: openpyxl reports it as a damaged workbook
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_XLSX_MEMBERS or unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise file_error(
            file,
            f"an Excel workbook that unpacks to at most "
            f"{human_bytes(MAX_XLSX_UNPACKED_BYTES)} in {MAX_XLSX_MEMBERS:,} parts "
            f"(this one: {human_bytes(unpacked)} in {len(parts):,}); save the sheet "
            "as CSV, or split it",
            "too_large",
        )


def read_workbook(path: Path, recognize: Callable[[str], bool], file: str) -> list[RawTable]:
    """Every sheet of a workbook that holds a table, with spreadsheet row numbers.

    A sheet holds a table when one of its first `HEADER_SCAN_RECORDS` rows names a
    known column; that row is its header.

    Parameters
    ----------
    path : pathlib.Path
    recognize : callable
        True for a header cell naming a known column.
    file : str
        The file name used in problems.

    Returns
    -------
    list of RawTable

    Raises
    ------
    LogError
        For a workbook too large unpacked, damaged, or without a table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> pd.DataFrame({"Name": ["Ana", None, "Bo"]}).to_excel(path, sheet_name="Log", index=False)
    >>> [(t.where, t.rows.tolist()) for t in read_workbook(path, lambda c: c == "Name", "t.xlsx")]
    [('t.xlsx [sheet Log]', [2, 4])]
    """
    _check_workbook_size(path, file)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise file_error(
            file,
            f"an Excel workbook that opens ({type(exc).__name__}: {exc})",
            "not_a_table",
        ) from None
    tables: list[RawTable] = []
    for sheet, grid in sheets.items():
        grid = grid.dropna(how="all", axis=1)
        if grid.empty:
            continue
        header_pos = None
        for pos in range(min(HEADER_SCAN_RECORDS, len(grid))):
            cells = [str(v) for v in grid.iloc[pos].tolist() if pd.notna(v)]
            if header_score(cells, recognize) >= 1:
                header_pos = pos
                break
        if header_pos is None:
            continue
        header_cells = grid.iloc[header_pos]
        keep = header_cells.notna().to_numpy()
        headers = [str(v).strip() for v in header_cells[keep].tolist()]
        body = grid.iloc[header_pos + 1 :, keep]
        body = body.dropna(how="all")
        # pandas keeps the sheet's 0-based row index: spreadsheet row = index + 1.
        rows = body.index.to_numpy(dtype=np.int64) + 1
        body.columns = positional_names(headers)
        tables.append(RawTable(body.reset_index(drop=True), headers, rows, file, str(sheet)))
    if not tables:
        raise file_error(file, "a sheet with a header row naming known columns", "not_a_table")
    return tables
