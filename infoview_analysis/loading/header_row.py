"""Where a table's header row is, and which delimiter its text uses.

Header rows are found by the known column names they hold, among the first records
(preamble lines above the header are common), never by a fixed number of skipped rows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

__all__ = ["DELIMITERS", "HEADER_SCAN_RECORDS", "header_score", "find_header", "lines_length"]

DELIMITERS = (",", ";", "\t", "|")
# Header rows are looked for among the first records only: preambles are short.
HEADER_SCAN_RECORDS = 30
# Lines are cut from the first this many characters, then four times as many, ...
_FIRST_CUT = 1 << 16


def _prefix_lines(text: str, size: int) -> tuple[list[str], bool]:
    """The whole lines (as `str.splitlines` cuts them) of the first `size` characters,
    and whether they are all of `text`; a line the cut may have split is left out."""
    if size >= len(text):
        return text.splitlines(keepends=True), True
    lines = text[:size].splitlines(keepends=True)
    return lines[:-1], False


def _records(text: str, delimiter: str, limit: int) -> list[tuple[int, list[str]]]:
    """The first `limit` CSV records of `text` with the line index each starts on.

    Lines are cut from a growing start of the text: the text is up to a megabyte of
    the file and the records sought are its first few dozen lines.
    """
    size = _FIRST_CUT
    while True:
        lines, whole = _prefix_lines(text, size)
        out, consumed = _first_records(lines, delimiter, limit)
        # Records read from a cut text are final when lines are left after the last
        # one (a record still open at the cut would read as cut short).
        if whole or (len(out) == limit and consumed < len(lines)):
            return out
        size *= 4


def _first_records(
    lines: list[str], delimiter: str, limit: int
) -> tuple[list[tuple[int, list[str]]], int]:
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
    return out, consumed


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


def lines_length(text: str, n: int) -> int:
    """Characters in the first `n` lines of `text` (lines as `str.splitlines` cuts them).

    Parameters
    ----------
    text : str
    n : int

    Returns
    -------
    int

    Examples
    --------
    >>> lines_length("a\\r\\nbb\\ncc", 2), lines_length("a\\nb", 0)
    (6, 0)
    """
    if n <= 0:
        return 0
    size = _FIRST_CUT
    while True:
        lines, whole = _prefix_lines(text, size)
        if whole or len(lines) > n:
            return sum(len(line) for line in lines[:n])
        size *= 4
