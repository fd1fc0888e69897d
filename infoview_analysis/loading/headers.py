"""Headers: which canonical column each header names, and which role a table plays.

A table is an event log, a wide tracker (one row per contact, a date column per
step), a contacts list or a roster; real LinkedIn and Google exports are told apart
so that they can be pointed to `infoview import`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from infoview_analysis.core.vocabulary import header_column, header_key, wide_date_type
from infoview_analysis.loading.raw_table import RawTable

__all__ = [
    "Headers",
    "header_of",
    "REQUIRED_COLUMNS",
    "recognize",
    "typed_column",
    "dictionary_column",
    "export_kind",
    "infer_owner",
    "map_headers",
    "classify",
    "sheet_role",
    "expected_for",
]

# file -> {canonical column: header as the user wrote it}
Headers = Mapping[str, Mapping[str, str]]


def header_of(headers: Headers, files: np.ndarray, column: str) -> str:
    """The user's header for `column` in the first of `files` (the column's own name else).

    Examples
    --------
    >>> import numpy as np
    >>> header_of({"log.csv": {"date": "When"}}, np.array(["log.csv"]), "date")
    'When'
    >>> header_of({}, np.array([]), "date")
    'date'
    """
    first = str(files[0]) if len(files) else ""
    return headers.get(first, {}).get(column, column)


DICTIONARY_COLUMNS = {
    "owner_id",
    "contact_id",
    "referred_by",
    "source",
    "type",
    "channel",
    "organization",
    "role",
    "industry",
    "location",
    "name",
    "cohort",
    "program",
    "advisor",
    "outcome",
}


GENERIC_STEM_WORDS = {
    "events",
    "event",
    "log",
    "logs",
    "interviews",
    "interview",
    "contacts",
    "contact",
    "people",
    "network",
    "networking",
    "tracker",
    "roster",
    "owners",
    "students",
    "data",
    "export",
    "sheet",
    "sheet1",
    "book1",
    "coffee",
    "chats",
    "informational",
    "my",
}


ROLE_WORDS = {
    "contacts": {"contacts", "contact", "people", "network", "connections"},
    "owners": {"roster", "owners", "students", "cohort"},
    "events": {"events", "log", "interviews", "activity"},
}


EXPORT_MARKERS = {
    ("LinkedIn", "linkedin"): {
        "connectedon",
        "conversationid",
        "senderprofileurl",
        "inviterprofileurl",
        "endorsementdate",
        "endorserfirstname",
        "skillname",
        "recommenderfirstname",
        "sentat",
        "folder",
    },
    ("Google Contacts", "google"): {"givenname", "email1value", "groupmembership"},
}


REQUIRED_COLUMNS = (
    ("events", "type", "a column naming the event type (Type, Activity, Event Type)"),
    ("events", "date", "a column with the event date (Date, When)"),
    ("owners", "owner_id", "a column naming the owner (Owner, Student ID)"),
)


def recognize(cell: str) -> bool:
    """True when a header cell names a known column or a tracker's step column.

    Parameters
    ----------
    cell : str
        A header cell as written, such as 'Referred By' or 'Coffee chat date'.

    Returns
    -------
    bool
        True for a known or step column.

    Examples
    --------
    >>> recognize("Referred By"), recognize("Coffee chat date"), recognize("Mood")
    (True, True, False)
    """
    return header_column(cell) is not None or wide_date_type(cell) is not None


def typed_column(cell: str) -> pa.DataType | None:
    """The arrow type a column can be read as directly (dates, minutes), else None.

    Parameters
    ----------
    cell : str
        The header as written.

    Returns
    -------
    pyarrow.DataType or None

    Examples
    --------
    >>> typed_column("Date"), typed_column("Name")
    (TimestampType(timestamp[ns]), None)
    """
    column = header_column(cell)
    if column in ("date", "added_on", "outcome_date"):
        return pa.timestamp("ns")
    if column == "duration_min":
        return pa.float64()
    return None


def dictionary_column(cell: str) -> bool:
    """True for columns with few distinct values (ids, vocabularies), read as categoricals.

    Parameters
    ----------
    cell : str
        A header cell as written, such as 'Owner' or 'Type'.

    Returns
    -------
    bool
        True for an id or vocabulary column (`DICTIONARY_COLUMNS`).

    Examples
    --------
    >>> dictionary_column("Owner"), dictionary_column("Notes")
    (True, False)
    """
    return header_column(cell) in DICTIONARY_COLUMNS


def export_kind(headers: Sequence[str]) -> tuple[str, str] | None:
    """(name, import command) when the headers are those of a LinkedIn or Google export.

    Parameters
    ----------
    headers : sequence of str
        A header row as written.

    Returns
    -------
    (str, str) or None

    Examples
    --------
    >>> export_kind(["First Name", "Last Name", "Connected On"])
    ('LinkedIn', 'linkedin')
    """
    keys = {header_key(h) for h in headers}
    for kind, markers in EXPORT_MARKERS.items():
        if keys & markers:
            return kind
    return None


def infer_owner(path: Path, root: Path | None) -> str | None:
    """Owner id implied by a file's name, or by its folder inside a folder of logs.

    Parameters
    ----------
    path : pathlib.Path
        A log file.
    root : pathlib.Path or None
        The folder of logs it was found in, if any.

    Returns
    -------
    str or None

    Examples
    --------
    >>> infer_owner(Path("logs/s0042.csv"), Path("logs")), infer_owner(Path("events.csv"), None)
    ('s0042', None)
    """
    words = [w for w in re.split(r"[^0-9A-Za-z]+", path.stem) if w]
    rest = [w for w in words if w.lower() not in GENERIC_STEM_WORDS]
    if rest:
        return "_".join(rest)
    if root is not None and path.parent != root:
        return path.parent.name
    return None


def map_headers(raw: RawTable) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Map a table's headers onto canonical columns and tracker step columns.

    Parameters
    ----------
    raw : RawTable

    Returns
    -------
    columns : dict
        canonical column -> positional name (`c0`, `c1`, ...).
    wide : dict
        event type -> positional name, for a tracker's date columns.
    duplicated : list of str
        headers naming a column already mapped (the first one wins).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> raw = RawTable(pd.DataFrame(), ["Name", "Date met", "Company", "Employer"], np.array([]), "t.csv")
    >>> map_headers(raw)
    ({'name': 'c0', 'organization': 'c2'}, {'meeting': 'c1'}, ['Employer'])
    """
    columns: dict[str, str] = {}
    wide: dict[str, str] = {}
    duplicated: list[str] = []
    for position, header in enumerate(raw.headers):
        name = f"c{position}"
        canonical = header_column(header)
        if canonical is not None:
            if canonical in columns:
                duplicated.append(header)
                continue
            columns[canonical] = name
            continue
        event_type = wide_date_type(header)
        if event_type is not None and event_type not in wide:
            wide[event_type] = name
    return columns, wide, duplicated


def classify(
    columns: dict[str, str], wide: dict[str, str], forced: str | None, stem: str
) -> str | None:
    """The role of a table from its columns: events, wide, contacts, owners, or None.

    Parameters
    ----------
    columns, wide : dict
        From `map_headers`.
    forced : str or None
        A role given by the caller (a `--contacts` file) or by the sheet's name.
    stem : str
        The file name without suffix (a 'contacts' file with dates is still contacts).

    Returns
    -------
    str or None

    Examples
    --------
    >>> classify({"name": "c0"}, {"meeting": "c1"}, None, "tracker")
    'wide'
    >>> classify({"date": "c0", "type": "c1"}, {}, None, "log")
    'events'
    """
    if forced:
        return forced
    have = set(columns)
    if "type" in have and "date" in have:
        return "events"
    if wide and "type" not in have:
        return "wide"
    if have & {"cohort", "program", "advisor", "outcome"} and not have & {
        "contact_id",
        "name",
        "date",
        "first_name",
    }:
        return "owners"
    if have & {"contact_id", "name", "first_name", "email", "linkedin_url"} and "type" not in have:
        words = {w.lower() for w in re.split(r"[^0-9A-Za-z]+", stem) if w}
        if "date" in have and not words & ROLE_WORDS["contacts"]:
            return None
        return "contacts"
    if "type" in have or "date" in have:
        return "events"
    return None


def expected_for(role: str) -> str:
    """The columns a table of `role` needs, for messages.

    Parameters
    ----------
    role : str

    Returns
    -------
    str

    Examples
    --------
    >>> expected_for("owners")
    'columns owner_id'
    """
    need = {
        "events": ["owner_id (or one file per owner)", "contact_id (or name)", "date", "type"],
        "contacts": ["owner_id (or one file per owner)", "contact_id (or name)"],
        "wide": ["contact_id (or name)", "date columns such as Date Contacted"],
        "owners": ["owner_id"],
    }[role]
    return "columns " + ", ".join(need)


def sheet_role(sheet: str | None) -> str | None:
    """The role a workbook sheet's name announces ('Contacts', 'Roster', 'Log'), or None.

    Parameters
    ----------
    sheet : str or None

    Returns
    -------
    str or None

    Examples
    --------
    >>> sheet_role("My contacts"), sheet_role("Sheet1")
    ('contacts', None)
    """
    if sheet is None:
        return None
    words = {w.lower() for w in re.split(r"[^0-9A-Za-z]+", sheet) if w}
    role = None
    for role_name, role_words in ROLE_WORDS.items():
        if words & role_words:
            role = role_name
    return role
