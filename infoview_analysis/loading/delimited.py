"""One CSV/TSV file -> RawTable with pyarrow: encoding, delimiter, header row, blocks.

Handles what people's files really look like: any encoding `file_bytes` knows, CRLF,
comma / semicolon / tab / pipe delimiters, preamble lines above the header, blank
rows, short rows. Nothing here interprets values; `loading.prepare` does that.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from infoview_analysis.core.limits import (
    MAX_COLUMNS,
    MAX_HEADER_BYTES,
    MAX_ROW_BYTES,
    human_bytes,
)
from infoview_analysis.core.problems import MAX_LISTED, LogError, Problem, file_error, file_problem
from infoview_analysis.loading.file_bytes import (
    decode_bytes,
    looks_binary,
    map_file,
    plain_utf8,
    to_utf8_from_legacy,
)
from infoview_analysis.loading.header_row import find_header, lines_length
from infoview_analysis.loading.quotes import (
    check_quotes,
    last_row_spans_lines,
    line_starts,
    unclosed_quote,
)
from infoview_analysis.loading.raw_table import RawTable, frame_from_arrow, positional_names

__all__ = ["NULL_VALUES", "read_delimited"]

NULL_VALUES = ["", "NA", "N/A", "n/a", "na", "null", "NULL", "None", "none", "nan", "NaN", "-"]


def read_delimited(
    path: Path,
    recognize: Callable[[str], bool],
    dictionary_columns: Callable[[str], bool] = lambda _h: False,
    display: str | None = None,
    typed_columns: Callable[[str], pa.DataType | None] = lambda _h: None,
) -> RawTable:
    """Read a CSV/TSV file with pyarrow, finding encoding, delimiter and header row.

    `recognize(header)` says whether a header cell names a known column; the header
    row is the first record (of the first 30) with recognized cells. Columns for which
    `dictionary_columns(header)` is true are read dictionary-encoded (pandas
    categoricals), so that later steps work on their few distinct values; a column for
    which `typed_columns(header)` gives an arrow type is parsed as that type when every
    value fits (else the file is read as text and the caller parses it).

    Parameters
    ----------
    path : pathlib.Path
    recognize, dictionary_columns, typed_columns : callable
    display : str, optional
        The file name used in problems (default: the path).

    Returns
    -------
    RawTable

    Raises
    ------
    LogError
        For an empty, binary or unreadable file, or rows longer than the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("Name,Date\\nAna,2026-10-01\\n\\nBo,2026-10-02\\n")
    >>> raw = read_delimited(path, lambda c: c in ("Name", "Date"))
    >>> raw.headers, raw.rows.tolist()
    (['Name', 'Date'], [2, 4])
    """
    file = display or str(path)
    data = map_file(path)
    head = bytes(data[:65536])
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    if not head.strip(blank) and (len(data) <= len(head) or not bytes(data).strip(blank)):
        raise file_error(file, "a table with a header row and data rows", "empty_file")
    kind = looks_binary(head)
    if kind in ("xlsx", "parquet"):
        # `reading.read_any` dispatches to this module, so it is imported only here,
        # where a file named like text turns out to be a workbook or Parquet.
        from infoview_analysis.loading.reading import read_any

        return read_any(path, recognize, dictionary_columns, display, force_kind=kind)[0]
    if kind == "binary":
        raise file_error(
            file, "a CSV, TSV, Excel or Parquet table (this file is binary)", "not_a_table"
        )
    if not plain_utf8(head, len(data) > len(head)):
        data, _encoding = decode_bytes(bytes(data))
    _check_header_size(data, file)
    head = bytes(data[: MAX_HEADER_BYTES + 262144])
    head_text = head.decode("utf-8", errors="replace")
    found = find_header(head_text, recognize)
    if found is None:
        raise file_error(
            file,
            "a table: a header row and rows of cells separated by commas, semicolons or tabs",
            "not_a_table",
        )
    delimiter, header_record, header_line, headers = found
    if len(headers) > MAX_COLUMNS:
        raise file_error(
            file,
            f"a table of at most {MAX_COLUMNS:,} columns (the header has "
            f"{len(headers):,}): keep the columns the log needs",
            "too_large",
        )
    offset = len(head_text[: lines_length(head_text, header_line)].encode("utf-8"))
    body = memoryview(data)[offset:]  # no copy of a large file
    names = positional_names(headers)
    text_types = {
        name: pa.dictionary(pa.int32(), pa.string()) if dictionary_columns(h) else pa.string()
        for name, h in zip(names, headers, strict=True)
    }
    # Dates and numbers that are already clean (ISO dates, plain numbers) are typed by
    # pyarrow's own parsers while reading; one messy value means a re-read as text.
    typed_types = dict(text_types)
    for name, h in zip(names, headers, strict=True):
        wanted = typed_columns(h)
        if wanted is not None:
            typed_types[name] = wanted
    # Blocks are parsed in parallel, each with its own dictionaries (unified when
    # converted): about 16 blocks per file, from 1 MB up to MAX_ROW_BYTES, the longest
    # row allowed (a row longer than its block is read again with the largest block).
    block = int(min(MAX_ROW_BYTES, max(1 << 20, len(data) // 16)))
    chosen = {"types": typed_types, "block": block}
    too_long: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        too_long.append(row.actual_columns)
        # Thousands of broken rows mean quoted line breaks (or a broken file): stop
        # calling back into Python for each and let the careful parse decide.
        return "skip" if len(too_long) <= 1000 else "error"

    def parse(blob: memoryview, multiline: bool) -> pa.Table:
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(blob)),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=chosen["block"]
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=multiline,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=chosen["types"],
                null_values=NULL_VALUES,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )

    def attempt(blob: memoryview, multiline: bool) -> pa.Table | pa.ArrowInvalid:
        # An encoding error is raised (the caller decodes and reads again); any other
        # parse error is returned, to be retried or reported.
        too_long.clear()
        try:
            return parse(blob, multiline)
        except pa.ArrowInvalid as exc:
            if "utf8" in str(exc).lower():
                raise
            return exc

    def read(blob: memoryview, quoted: bool) -> pa.Table:
        # Line breaks inside quoted cells need pyarrow's slower serial parse: try the fast
        # one first; a quoted line break shows up as broken rows, and then we re-read.
        attempts = (False, True) if quoted else (False,)
        error: Exception | None = None
        for multiline in attempts:
            table = attempt(blob, multiline)
            while isinstance(table, pa.ArrowInvalid):
                message = str(table)
                if chosen["block"] < MAX_ROW_BYTES and (
                    "straddl" in message or "block size" in message
                ):
                    chosen["block"] = MAX_ROW_BYTES  # a long row: blocks as long as rows may be
                elif chosen["types"] is not text_types and "conversion error" in message.lower():
                    chosen["types"] = text_types  # a value the fast parsers refuse: read text
                else:
                    break
                table = attempt(blob, multiline)
            if isinstance(table, pa.ArrowInvalid):
                error = table
                continue
            if not too_long or multiline == attempts[-1]:
                return table
        raise error if error else pa.ArrowInvalid("unreadable")

    quoted = data.find(b'"', offset) >= 0
    first_row = header_record + 2
    try:
        table = read(body, quoted)
    except pa.ArrowInvalid as exc:
        if len(too_long) > 1000:  # rows longer than the header, by the thousand: name them
            return _read_with_csv_module(bytes(body), delimiter, headers, first_row, file)
        if "straddl" in str(exc) or "block size" in str(exc):
            raise LogError([_long_row(body, delimiter, first_row, file)]) from None
        if "utf8" not in str(exc).lower():
            raise file_error(file, f"a readable table ({exc})", "not_a_table") from None
        converted = to_utf8_from_legacy(bytes(body))
        body = memoryview(converted)
        try:
            table = read(body, converted.find(b'"') >= 0)
        except pa.ArrowInvalid as exc2:
            raise file_error(file, f"a readable table ({exc2})", "not_a_table") from None
    if quoted and last_row_spans_lines(table):
        # A quote never closed swallows every row after it into one cell, up to the end
        # of the file: then the last row holds a line break. Only then are quotes counted.
        check_quotes(body, delimiter, first_row, file)
    if too_long:
        # Rare error path: re-read with Python's csv module to name the exact rows.
        return _read_with_csv_module(bytes(body), delimiter, headers, first_row, file)
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int32)
    # Blank rows were read as all-missing rows so that row numbers stay right: drop them
    # (found on arrow's validity bitmaps, before any pandas conversion).
    filled = None
    # A column without a missing cell (an id column, usually) means no blank row.
    for column in table.columns if all(c.null_count for c in table.columns) else []:
        valid = pc.is_valid(column)
        filled = valid if filled is None else pc.or_(filled, valid)
    if filled is not None and not pc.all(filled).as_py():
        table = table.filter(filled)
        rows = rows[filled.to_numpy(zero_copy_only=False)]
    # Handed over with no other reference left, so each column is freed as it converts.
    held = [table]
    del table
    frame = frame_from_arrow(held.pop())
    return RawTable(frame, [h.strip() for h in headers], rows, file)


def _check_header_size(data: mmap.mmap | bytes, file: str) -> None:
    """A header line longer than `MAX_HEADER_BYTES` is refused before it is parsed."""
    if len(data) > MAX_HEADER_BYTES and data.find(b"\n", 0, MAX_HEADER_BYTES) < 0:
        raise file_error(
            file,
            f"a header line of at most {human_bytes(MAX_HEADER_BYTES)} and "
            f"{MAX_COLUMNS:,} columns (the first line is longer): is this a table?",
            "too_large",
        )


def _long_row(body: memoryview, delimiter: str, first_row: int, file: str) -> Problem:
    """The problem for a row longer than the reader's block: name the first long line."""
    starts = line_starts(body)
    lengths = np.diff(np.r_[starts, len(body)])
    long_lines = np.flatnonzero(lengths > MAX_ROW_BYTES)
    if len(long_lines):
        line = int(long_lines[0])
        size = int(lengths[line])
        return Problem(
            file,
            first_row + line - 1,  # line 0 of the body is the header
            None,
            None,
            f"a row of at most {human_bytes(MAX_ROW_BYTES)} (this one is {human_bytes(size)}: "
            "a cell holding a whole document? keep cells short, or link to the document)",
            kind="too_large",
        )
    problem = unclosed_quote(body, delimiter, first_row, file)
    if problem is not None:
        return problem
    return file_problem(
        file,
        f"rows of at most {human_bytes(MAX_ROW_BYTES)} (a quoted cell spans more: "
        "a quote never closed?)",
        "too_large",
    )


def _read_with_csv_module(
    body: bytes, delimiter: str, headers: list[str], first_row: int, file: str
) -> RawTable:
    text = body.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    width = len(headers)
    records: list[list[str | None]] = []
    problems: list[Problem] = []
    for offset, record in enumerate(reader):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            problems.append(
                Problem(
                    file,
                    first_row + offset,
                    None,
                    delimiter.join(record)[:80],
                    f"a row of at most {width} cells (the header has {width}; this row has "
                    f"{len(record)}: an unquoted '{delimiter}' inside a value?)",
                    kind="row_too_long",
                )
            )
        padded = [cell if cell.strip() not in NULL_VALUES else None for cell in record[:width]]
        records.append(padded + [None] * (width - len(padded)))
    frame = pd.DataFrame(
        records, columns=positional_names(headers), dtype=pd.StringDtype("pyarrow")
    )
    rows = np.arange(first_row, first_row + len(frame))
    filled = frame.notna().any(axis=1).to_numpy()
    frame, rows = frame[filled].reset_index(drop=True), rows[filled]
    table = RawTable(frame, [h.strip() for h in headers], rows, file)
    if len(problems) > MAX_LISTED:
        rest = len(problems) - MAX_LISTED
        problems = problems[:MAX_LISTED]
        problems.append(
            file_problem(
                file,
                f"rows no longer than the header ({rest} more rows like the above)",
                "row_too_long",
            )
        )
    if problems:
        raise LogError(problems)
    return table
