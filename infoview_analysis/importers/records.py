"""Person and event records as importers build them: typed frames, text cleaned."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import DATETIME, STRING, empty_frame

__all__ = [
    "PERSON_COLUMNS",
    "EVENT_RECORD_COLUMNS",
    "empty_people",
    "empty_event_records",
    "people_frame",
    "event_frame",
    "clean_text",
    "join_name",
]

# Columns of a batch's person records (before merging into contacts).
PERSON_COLUMNS = (
    "_key",
    "name",
    "organization",
    "role",
    "location",
    "email",
    "other_emails",
    "linkedin_url",
    "source",
    "added_on",
    "industry",
    "_same_as",
    "_referred_key",
    "_file",
    "_row",
)
EVENT_RECORD_COLUMNS = (
    "_key",
    "date",
    "type",
    "channel",
    "duration_min",
    "notes",
    "_file",
    "_row",
)


def empty_people() -> pd.DataFrame:
    """No person records, with the columns and dtypes of `people_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns `PERSON_COLUMNS`.

    Examples
    --------
    >>> len(empty_people()), str(empty_people()["added_on"].dtype)
    (0, 'datetime64[ns]')
    """
    return empty_frame(PERSON_COLUMNS, {"added_on": DATETIME, "_row": "int64"})


def empty_event_records() -> pd.DataFrame:
    """No event records, with the columns and dtypes of `event_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns `EVENT_RECORD_COLUMNS`.

    Examples
    --------
    >>> len(empty_event_records()), str(empty_event_records()["duration_min"].dtype)
    (0, 'float64')
    """
    return empty_frame(
        EVENT_RECORD_COLUMNS, {"date": DATETIME, "duration_min": "float64", "_row": "int64"}
    )


def _record_frame(
    file: str,
    rows: np.ndarray,
    columns: dict[str, object],
    names: Sequence[str],
    dates: frozenset[str] = frozenset(),
    numbers: frozenset[str] = frozenset(),
    cleaned: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """A typed frame with every column of `names`; `_key` defaults to "file#row"."""
    n = len(rows)
    frame = pd.DataFrame(index=range(n))
    for column in names:
        value = columns.get(column)
        if column == "_row":
            frame[column] = np.asarray(rows, dtype=np.int64)
        elif column == "_file":
            frame[column] = pd.Series([file] * n, dtype=STRING)
        elif column == "_key" and value is None:
            frame[column] = pd.Series(np.asarray(rows).astype(str), dtype=STRING).radd(f"{file}#")
        elif column in dates:
            stamps = np.full(n, np.datetime64("NaT"), "datetime64[ns]") if value is None else value
            frame[column] = pd.Series(np.asarray(stamps, dtype="datetime64[ns]"), index=frame.index)
        elif column in numbers:
            frame[column] = np.full(n, np.nan) if value is None else np.asarray(value, "float64")
        elif value is None:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype=STRING)
        elif isinstance(value, str):
            frame[column] = pd.Series([value] * n, index=frame.index, dtype=STRING)
        else:
            text = pd.Series(np.asarray(value, dtype=object), dtype=STRING)
            frame[column] = clean_text(text) if column in cleaned else text
    return frame


def people_frame(file: str, rows: np.ndarray, **columns: object) -> pd.DataFrame:
    """Person records with every PERSON_COLUMNS column, typed; text cleaned.

    Parameters
    ----------
    file : str
        The file the records come from.
    rows : numpy.ndarray
        The spreadsheet row of each record.
    **columns
        Column -> values (one per row) or one string for every row.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> people_frame("a.csv", np.array([2]), name=[" Ana "], source="linkedin")[["name", "source", "_key"]].values.tolist()
    [['Ana', 'linkedin', 'a.csv#2']]
    """
    cleaned = frozenset(PERSON_COLUMNS) - {"_key", "_row", "_file", "added_on"}
    return _record_frame(
        file, rows, columns, PERSON_COLUMNS, dates=frozenset({"added_on"}), cleaned=cleaned
    )


def event_frame(file: str, rows: np.ndarray, **columns: object) -> pd.DataFrame:
    """Event records with every EVENT_RECORD_COLUMNS column, typed.

    Parameters
    ----------
    file, rows, **columns
        As for `people_frame`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> event_frame("a.ics", np.array([3]), type="meeting", duration_min=[30])[["type", "duration_min"]].values.tolist()
    [['meeting', 30.0]]
    """
    return _record_frame(
        file,
        rows,
        columns,
        EVENT_RECORD_COLUMNS,
        dates=frozenset({"date"}),
        numbers=frozenset({"duration_min"}),
    )


def clean_text(values: pd.Series) -> pd.Series:
    """Trim whitespace (TABs included); empty becomes missing.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    pandas.Series
        Strings, stripped; empty cells missing.

    Examples
    --------
    >>> clean_text(pd.Series([" a\\t", "", None])).tolist()
    ['a', <NA>, <NA>]
    """
    text = values.astype(STRING).str.replace(r"\s+", " ", regex=True).str.strip()
    return text.mask(text == "").astype(STRING)


def join_name(first: pd.Series, last: pd.Series) -> pd.Series:
    """'First Last' from two columns, either of which may be missing.

    Parameters
    ----------
    first, last : pandas.Series
        First and last names.

    Returns
    -------
    pandas.Series
        The full names; missing where both parts are.

    Examples
    --------
    >>> join_name(pd.Series(["Ana", None, None]), pd.Series(["Ruiz", "Li", None])).tolist()
    ['Ana Ruiz', 'Li', <NA>]
    """
    first = clean_text(first).fillna("")
    last = clean_text(last).fillna("")
    return clean_text(first.str.cat(last, sep=" "))
