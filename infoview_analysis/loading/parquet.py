"""One Parquet file -> RawTable: flat columns only, rows numbered as under a header row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from infoview_analysis.core.limits import MAX_COLUMNS
from infoview_analysis.core.problems import LogError, Problem, file_error
from infoview_analysis.loading.raw_table import RawTable, frame_from_arrow, positional_names

__all__ = ["read_parquet"]


def _check_flat(schema: pa.Schema, file: str) -> None:
    """Refuse Parquet columns that hold lists, structs or maps (a log has one value per cell)."""
    nested = [
        (f.name, str(f.type))
        for f in schema
        if pa.types.is_nested(f.type)
        or pa.types.is_dictionary(f.type)
        and pa.types.is_nested(f.type.value_type)
    ]
    if nested:
        raise LogError(
            [
                Problem(
                    file,
                    None,
                    name,
                    None,
                    f"a column of single values (text, numbers, dates); this one holds {kind}: "
                    "flatten it to one value per cell",
                    kind="nested_column",
                )
                for name, kind in nested
            ]
        )


def read_parquet(path: Path, dictionary_columns: Callable[[str], bool], file: str) -> RawTable:
    """Read a Parquet file, its columns named by position, rows numbered from 2.

    Parameters
    ----------
    path : pathlib.Path
    dictionary_columns : callable
        True for a column read dictionary-encoded (a pandas categorical).
    file : str
        The file name used in problems.

    Returns
    -------
    RawTable

    Raises
    ------
    LogError
        For a damaged file, nested columns or too many columns.

    Examples
    --------
    >>> import tempfile, pathlib, pyarrow.parquet as pq
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> pq.write_table(pa.table({"Name": ["Ana", "Bo"]}), path)
    >>> raw = read_parquet(path, lambda _h: False, "t.parquet")
    >>> raw.headers, raw.rows.tolist()
    (['Name'], [2, 3])
    """
    try:
        import pyarrow.parquet as pq

        schema = pq.read_schema(path)
        names = schema.names
        _check_flat(schema, file)
        # Ids and vocabularies come dictionary-encoded (categoricals), as from a CSV.
        wanted = [n for n in names if dictionary_columns(n)]
        parquet = pq.ParquetFile(path, read_dictionary=wanted)
        if parquet.metadata.num_row_groups == 1:
            # One row group: read as it is (one chunk per column, nothing to unify
            # or concatenate when converted); the dataset reader only adds cost.
            table = parquet.read()
        else:  # row groups read in parallel
            table = pq.read_table(path, read_dictionary=wanted)
        # Handed over with no other reference left, so each column is freed as it converts.
        held = [table]
        del table
        frame = frame_from_arrow(held.pop())
    except LogError:
        raise
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise file_error(file, f"a Parquet file that opens ({exc})", "not_a_table") from None
    if len(names) > MAX_COLUMNS:
        raise file_error(
            file,
            f"a table of at most {MAX_COLUMNS:,} columns (this one has {len(names):,})",
            "too_large",
        )
    headers = [str(c) for c in frame.columns]
    frame.columns = positional_names(headers)
    # Parquet has no spreadsheet rows: number them as if header were row 1.
    # int32 as for CSV (half the memory of int64) while the numbers fit.
    width = np.int32 if len(frame) < np.iinfo(np.int32).max - 2 else np.int64
    return RawTable(frame, headers, np.arange(2, len(frame) + 2, dtype=width), file)
