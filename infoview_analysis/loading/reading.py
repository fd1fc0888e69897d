"""Read one spreadsheet-like file into raw columns, remembering where each row came from.

Handles what people's files really look like: UTF-8 with or without a BOM, UTF-16
with a BOM, cp1252, CRLF, comma / semicolon / tab / pipe delimiters, preamble lines
above the header, blank rows, short rows, and Excel workbooks with several sheets.
Nothing here interprets values; `loading.prepare` does that.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from infoview_analysis.core.limits import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_HEADER_BYTES,
    MAX_ROW_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_UNPACKED_BYTES,
    human_bytes,
)
from infoview_analysis.core.problems import MAX_LISTED, LogError, Problem, file_error, file_problem

__all__ = [
    "TABLE_SUFFIXES",
    "RawTable",
    "decode_bytes",
    "to_utf8_from_legacy",
    "looks_binary",
    "header_score",
    "find_header",
    "read_delimited",
    "read_any",
]

DELIMITERS = (",", ";", "\t", "|")
NULL_VALUES = ["", "NA", "N/A", "n/a", "na", "null", "NULL", "None", "none", "nan", "NaN", "-"]
# Header rows are looked for among the first records only: preambles are short.
HEADER_SCAN_RECORDS = 30
TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq"}


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


def decode_bytes(data: bytes) -> tuple[bytes, str]:
    """Return the file's bytes as UTF-8 without a BOM, and the encoding it was in.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    (bytes, str)

    Examples
    --------
    >>> decode_bytes(codecs.BOM_UTF16_LE + "a,b".encode("utf-16-le"))
    (b'a,b', 'utf-16')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            return to_utf8_from_legacy(data), "cp1252"  # a look-alike BOM, not UTF-16
    head = data[:65536]
    if len(data) > len(head):
        # Cut at a line end so that a multibyte character is never split.
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        return to_utf8_from_legacy(data), "cp1252"


def to_utf8_from_legacy(data: bytes) -> bytes:
    """Re-encode a cp1252 file (latin-1 where cp1252 has holes) as UTF-8.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    bytes

    Examples
    --------
    >>> to_utf8_from_legacy("Núñez".encode("cp1252")).decode("utf-8")
    'Núñez'
    """
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")


def looks_binary(data: bytes) -> str | None:
    """Name the kind of a file that is not text ('xlsx', 'parquet', 'binary'), or None for text.

    Parameters
    ----------
    data : bytes
        The file's first bytes.

    Returns
    -------
    str or None

    Examples
    --------
    >>> looks_binary(b"PAR1...."), looks_binary(b"Name,Date")
    ('parquet', None)
    """
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in data[:4096]:
        return "binary"
    return None


def _records(text: str, delimiter: str, limit: int) -> list[tuple[int, list[str]]]:
    """The first `limit` CSV records of `text` with the line index each starts on."""
    lines = text.splitlines(keepends=True)
    consumed = 0

    def feed():
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    while len(out) < limit:
        start = consumed
        try:
            record = next(reader)
        except (StopIteration, csv.Error):
            break
        out.append((start, record))
    return out


def header_score(cells: list[str], recognize: Callable[[str], bool]) -> int:
    """How many cells of a record name known columns.

    Parameters
    ----------
    cells : list of str
    recognize : callable
        True for a header cell naming a known column.

    Returns
    -------
    int

    Examples
    --------
    >>> header_score(["Name", "x", ""], lambda c: c == "Name")
    1
    """
    return sum(1 for cell in cells if cell.strip() and recognize(cell))


def find_header(
    text: str, recognize: Callable[[str], bool]
) -> tuple[str, int, int, list[str]] | None:
    """Find delimiter and header by scanning the first records (never a fixed skiprows).

    Prefers the delimiter under which the most header cells are recognized.

    Parameters
    ----------
    text : str
        The start of the file.
    recognize : callable

    Returns
    -------
    (delimiter, header record index, header line index, header cells) or None

    Examples
    --------
    >>> find_header("My log\\nName;Date\\nAna;2026-10-01\\n", lambda c: c in ("Name", "Date"))
    (';', 1, 1, ['Name', 'Date'])
    """
    best: tuple[int, int, str, int, int, list[str]] | None = None
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        for index, (line, cells) in enumerate(_records(text, delimiter, HEADER_SCAN_RECORDS)):
            score = header_score(cells, recognize)
            if score >= 1 and len(cells) > 1:
                candidate = (score, len(cells), delimiter, index, line, cells)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
                break
    if best is None:
        # Nothing recognized: take the first record with more than one cell.
        for delimiter in DELIMITERS:
            records = _records(text, delimiter, HEADER_SCAN_RECORDS)
            for index, (line, cells) in enumerate(records):
                if len(cells) > 1:
                    return delimiter, index, line, cells
        return None
    _, _, delimiter, index, line, cells = best
    return delimiter, index, line, cells


def _positional(headers: list[str]) -> list[str]:
    return [f"c{i}" for i in range(len(headers))]


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
    data = _map_file(path)
    head = bytes(data[:65536])
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    if not head.strip(blank) and (len(data) <= len(head) or not bytes(data).strip(blank)):
        raise file_error(file, "a table with a header row and data rows", "empty_file")
    kind = looks_binary(head)
    if kind in ("xlsx", "parquet"):
        return read_any(path, recognize, dictionary_columns, display, force_kind=kind)[0]
    if kind == "binary":
        raise file_error(
            file, "a CSV, TSV, Excel or Parquet table (this file is binary)", "not_a_table"
        )
    if not _plain_utf8(head, len(data) > len(head)):
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
    lines = head_text.splitlines(keepends=True)
    offset = len("".join(lines[:header_line]).encode("utf-8"))
    body = memoryview(data)[offset:]  # no copy of a large file
    names = _positional(headers)
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
    if quoted and _last_row_spans_lines(table):
        # A quote never closed swallows every row after it into one cell, up to the end
        # of the file: then the last row holds a line break. Only then are quotes counted.
        _check_quotes(body, delimiter, first_row, file)
    if too_long:
        # Rare error path: re-read with Python's csv module to name the exact rows.
        return _read_with_csv_module(bytes(body), delimiter, headers, first_row, file)
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int32)
    # Blank rows were read as all-missing rows so that row numbers stay right: drop them
    # (found on arrow's validity bitmaps, before any pandas conversion).
    filled = None
    for column in table.columns:
        valid = pc.is_valid(column)
        filled = valid if filled is None else pc.or_(filled, valid)
    if filled is not None and not pc.all(filled).as_py():
        table = table.filter(filled)
        rows = rows[filled.to_numpy(zero_copy_only=False)]
    frame = _to_frame(table)
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


def _line_starts(body: memoryview | bytes) -> np.ndarray:
    """Byte offset of every line start (vectorized; only on error paths)."""
    array = np.frombuffer(body, dtype=np.uint8)
    return np.r_[0, np.flatnonzero(array == ord("\n")) + 1]


def _long_row(body: memoryview, delimiter: str, first_row: int, file: str) -> Problem:
    """The problem for a row longer than the reader's block: name the first long line."""
    starts = _line_starts(body)
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
    problem = _unclosed_quote(body, delimiter, first_row, file)
    if problem is not None:
        return problem
    return file_problem(
        file,
        f"rows of at most {human_bytes(MAX_ROW_BYTES)} (a quoted cell spans more: "
        "a quote never closed?)",
        "too_large",
    )


def _unclosed_quote(
    body: memoryview | bytes, delimiter: str, first_row: int, file: str
) -> Problem | None:
    """The row whose opening quote is never closed, when the quotes do not pair up.

    Quotes pair up line by line; after the line with an unclosed quote the running
    count stays odd to the end of the file. Rows are counted as the reader counts them
    (a line break inside a closed quoted cell does not start a row).
    """
    array = np.frombuffer(body, dtype=np.uint8)
    # Counting is cheap (every cell of a quote-all CSV is quoted); locating is not.
    if np.count_nonzero(array == ord('"')) % 2 == 0:
        return None
    quotes = np.flatnonzero(array == ord('"'))
    starts = _line_starts(body)
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


def _last_row_spans_lines(table: pa.Table) -> bool:
    """True when a text cell of the table's last row holds a line break."""
    if table.num_rows == 0:
        return False
    last = table.slice(table.num_rows - 1)
    for column in last.columns:
        value = column[0].as_py()
        if isinstance(value, str) and "\n" in value:
            return True
    return False


def _check_quotes(body: memoryview | bytes, delimiter: str, first_row: int, file: str) -> None:
    problem = _unclosed_quote(body, delimiter, first_row, file)
    if problem is not None:
        raise LogError([problem])


def _map_file(path: Path) -> mmap.mmap | bytes:
    """The file's bytes without reading them into memory: a read-only memory map."""
    with path.open("rb") as handle:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # empty files and special files cannot be mapped
            return handle.read()


def _plain_utf8(head: bytes, truncated: bool) -> bool:
    """UTF-8 without a byte-order mark: the file can be parsed as it lies on disk."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if truncated:
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _to_frame(table: pa.Table) -> pd.DataFrame:
    """The table as pandas, its arrow buffers freed column by column as they convert.

    One block per column (`split_blocks`): nothing is copied into 2-D blocks. The
    reader's scratch memory stays in arrow's pool unless handed back; pandas then
    allocates its arrays on top of it, so it is released here, where the peak starts.
    """
    frame = table.to_pandas(types_mapper=_string_mapper, self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()
    return frame


def _string_mapper(arrow_type: pa.DataType):
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow")
    return None


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
    frame = pd.DataFrame(records, columns=_positional(headers), dtype=pd.StringDtype("pyarrow"))
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


def _read_excel(path: Path, recognize: Callable[[str], bool], file: str) -> list[RawTable]:
    """Every sheet of a workbook that holds a table, with spreadsheet row numbers."""
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
        # pandas keeps the sheet's 0-based row index: spreadsheet row = index + 1.
        rows = body.index.to_numpy(dtype=np.int64) + 1
        body = body.dropna(how="all")
        rows = body.index.to_numpy(dtype=np.int64) + 1
        body.columns = _positional(headers)
        tables.append(RawTable(body.reset_index(drop=True), headers, rows, file, str(sheet)))
    if not tables:
        raise file_error(file, "a sheet with a header row naming known columns", "not_a_table")
    return tables


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
    if not path.exists():
        raise file_error(file, "an existing file or folder", "missing_file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise file_error(
            file,
            f"a file of at most {human_bytes(MAX_FILE_BYTES)} (this one is "
            f"{human_bytes(size)}): split it, one file per owner in a folder",
            "too_large",
        )
    suffix = path.suffix.lower()
    kind = force_kind or {
        ".xlsx": "xlsx",
        ".xlsm": "xlsx",
        ".parquet": "parquet",
        ".pq": "parquet",
    }.get(suffix)
    if kind == "xlsx":
        return _read_excel(path, recognize, file)
    if kind == "parquet":
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
            frame = _to_frame(table)
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
        frame.columns = _positional(headers)
        # Parquet has no spreadsheet rows: number them as if header were row 1.
        return [RawTable(frame, headers, np.arange(2, len(frame) + 2), file)]
    return [read_delimited(path, recognize, dictionary_columns, display, typed_columns)]
