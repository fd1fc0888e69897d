"""Export files read: a table found by its known headers, a text export, and the one
error for a file that is not the export it should be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.header_spellings import header_key
from infoview_analysis.core.problem import Problem
from infoview_analysis.core.problems import LogError, file_error
from infoview_analysis.loading.delimited import read_delimited
from infoview_analysis.loading.file_bytes import decode_bytes, looks_binary
from infoview_analysis.loading.raw_table import RawTable
from infoview_analysis.loading.reading import check_file

__all__ = [
    "Columns",
    "read_table",
    "read_text_export",
    "unrecognized",
    "register_known",
]


@dataclass
class Columns:
    """A table read by header names: `col(name)` is the column for a folded header."""

    raw: RawTable
    index: dict[str, str]

    def has(self, *names: str) -> bool:
        """True when every header of `names` is in the table (case and spacing aside).

        Parameters
        ----------
        *names : str
            Headers as the export writes them.

        Returns
        -------
        bool

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.has("company"), t.has("Company", "URL")
        (True, False)
        """
        return all(header_key(n) in self.index for n in names)

    def col(self, name: str) -> pd.Series:
        """The column under header `name` as strings; all missing when there is none.

        Parameters
        ----------
        name : str
            A header as the export writes it.

        Returns
        -------
        pandas.Series
            dtype `STRING`, one cell per row.

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.col("Company").tolist(), t.col("URL").tolist()
        (['Acme'], [<NA>])
        """
        key = header_key(name)
        if key not in self.index:
            return pd.Series(pd.NA, index=self.raw.frame.index, dtype=STRING)
        return self.raw.frame[self.index[key]].astype(STRING)

    @property
    def rows(self) -> np.ndarray:
        """The spreadsheet row number of each row.

        Returns
        -------
        numpy.ndarray of int64
            As `RawTable.rows`, as a plain array.

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.rows.tolist()
        [2]
        """
        return np.asarray(self.raw.rows, dtype=np.int64)

    @property
    def file(self) -> str:
        """The file (and sheet) as problems name it.

        Returns
        -------
        str

        Examples
        --------
        >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Company"], np.array([2]), "c.csv"),
        ...             {header_key("Company"): "c0"})
        >>> t.file
        'c.csv'
        """
        return self.raw.where

    def __len__(self) -> int:
        return len(self.raw.frame)


def read_table(path: Path, known_headers: set[str]) -> Columns:
    """Read a CSV/TSV export, header found by scanning for known header names.

    Parameters
    ----------
    path : pathlib.Path
        The export.
    known_headers : set of str
        Headers that mark the header row (the export may have a preamble).

    Returns
    -------
    Columns

    Raises
    ------
    LogError
        The file is missing or is no table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Company\\nAna,Acme\\n")
    >>> len(read_table(f, {"First Name"}))
    1
    """
    keys = {header_key(h) for h in known_headers}
    path = Path(path)
    check_file(path, str(path))
    raw = read_delimited(path, lambda cell: header_key(cell) in keys, display=str(path))
    index: dict[str, str] = {}
    for position, header in enumerate(raw.headers):
        index.setdefault(header_key(header), f"c{position}")
    return Columns(raw, index)


def read_text_export(path: Path | str, expected: str) -> str:
    """The text of a vCard or iCalendar export, in any encoding, as one string.

    Parameters
    ----------
    path : pathlib.Path or str
    expected : str
        What the file should be, for the error when it is binary.

    Returns
    -------
    str
        The text, undecodable bytes replaced.

    Raises
    ------
    LogError
        The file does not exist (`missing_file`) or is binary (`not_a_table`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.vcf"
    >>> _ = f.write_bytes("BEGIN:VCARD\\nFN:José\\n".encode("cp1252"))
    >>> read_text_export(f, "a vCard file").splitlines()[1]
    'FN:José'
    """
    path = Path(path)
    check_file(path, str(path))
    data = path.read_bytes()
    if looks_binary(data):
        raise file_error(str(path), expected, "not_a_table")
    return decode_bytes(data)[0].decode("utf-8", errors="replace")


def unrecognized(table: Columns, expected: str, kind: str = "unrecognized_table") -> LogError:
    """The one error for a file that is not the export it should be.

    Parameters
    ----------
    table : Columns
        The table read.
    expected : str
        The headers the export should have.
    kind : str
        The problem kind.

    Returns
    -------
    LogError
        To be raised; it says when the header row looks like data.

    Examples
    --------
    >>> t = Columns(RawTable(pd.DataFrame({"c0": ["Acme"]}), ["Acme Inc"], np.array([2]), "c.csv"), {})
    >>> unrecognized(t, "First Name, Company").problems[0].expected
    'a header row: First Name, Company (the first row looks like data: was the header removed?)'
    """
    header_row = int(table.rows[0]) - 1 if len(table) else 1
    first = ", ".join(h for h in table.raw.headers)[:160]
    return LogError(
        [
            Problem(
                table.file,
                header_row,
                None,
                first,
                f"a header row: {expected} (the first row looks like data: was the header removed?)"
                if not any(header_key(h) in _ALL_KNOWN for h in table.raw.headers)
                else f"a header row: {expected}",
                kind=kind,
            )
        ]
    )


_ALL_KNOWN: set[str] = set()


def register_known(headers: set[str]) -> None:
    """Add an export's headers to those `unrecognized` looks for in a header row.

    Parameters
    ----------
    headers : set of str
        An export's headers.

    Examples
    --------
    >>> register_known({"Connected On"})
    """
    _ALL_KNOWN.update(header_key(h) for h in headers)
