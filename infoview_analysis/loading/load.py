"""`load_log`: read interview logs in the shapes people keep them, check them, type them.

Accepted shapes (DESIGN.md "Input shapes"): a long event log (CSV, TSV, XLSX,
Parquet) with or without contacts and roster files; a wide tracker sheet (one row
per contact, a date column per step); a folder of per-owner files. Every problem in
every file is collected and raised together as one `LogError`; problems that do not
stop loading are kept on `log.warnings`. Input files are only ever read.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from infoview_analysis.core.model import (
    CHANNEL_DTYPE,
    DATETIME,
    OUTCOME_DTYPE,
    SOURCE_DTYPE,
    STRING,
    TYPE_DTYPE,
    InterviewLog,
    contact_positions,
    empty_contacts,
    empty_events,
    empty_owners,
)
from infoview_analysis.core.problems import LogError, Problem
from infoview_analysis.core.vocabulary import (
    CONTACT_COLUMNS,
    CONTACT_TEXT_COLUMNS,
    EVENT_COLUMNS,
    OWNER_COLUMNS,
    header_column,
    header_key,
    normalize_value,
    wide_date_type,
)
from infoview_analysis.loading import rules
from infoview_analysis.loading.reading import TABLE_SUFFIXES, RawTable, read_any

PathLike = str | Path
# Problems listed one by one per (file, column, kind); the rest are counted.
MAX_LISTED = 200
PROGRESS_FROM_FILES = 20
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
DATE_FORMATS_MONTH_FIRST = [
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m-%d-%Y",
]
DATE_FORMATS_DAY_FIRST = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y",
]
DATE_FORMATS_NAMED = [
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%a, %b %d, %Y",
    "%A, %B %d, %Y",
]
_ISO_OFFSET = r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$"
DATE_EXPECTED = "a date such as 2026-10-14, 10/14/2026 or Oct 14, 2026"


@dataclass
class Table:
    """One input table after header mapping: canonical columns plus where rows came from."""

    role: str
    frame: pd.DataFrame
    raw: RawTable
    header_of: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        return self.header_of.get(column, column)


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def rows(
        self,
        table: Table,
        mask: np.ndarray | pd.Series,
        column: str,
        expected: str,
        kind: str,
        *,
        values: pd.Series | None = None,
        severity: str = "error",
        hint=None,
    ) -> None:
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions.size == 0:
            return
        shown = positions[:MAX_LISTED]
        raw_values = (values if values is not None else table.frame[column]).iloc[shown]
        rows = table.frame["_row"].to_numpy()[shown]
        for row, value in zip(rows, raw_values.tolist(), strict=True):
            value = None if _is_missing(value) else value
            self.problems.append(
                Problem(
                    table.raw.where,
                    int(row),
                    table.header(column),
                    value,
                    expected,
                    severity,  # type: ignore[arg-type]
                    kind,
                    hint(value) if callable(hint) else hint,
                )
            )
        if positions.size > MAX_LISTED:
            self.problems.append(
                Problem(
                    table.raw.where,
                    None,
                    table.header(column),
                    None,
                    f"{expected} ({positions.size - MAX_LISTED} more rows like the above)",
                    severity,  # type: ignore[arg-type]
                    kind,
                )
            )

    def file(
        self,
        where: str,
        expected: str,
        kind: str,
        column: str | None = None,
        value=None,
        severity: str = "error",
        hint: str | None = None,
        row: int | None = None,
    ) -> None:
        self.problems.append(Problem(where, row, column, value, expected, severity, kind, hint))  # type: ignore[arg-type]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ----------------------------------------------------------------------------- values


def recode_categories(values: pd.Series, func) -> pd.Series:
    """Apply `func` to each distinct value of a column (None drops it), as a categorical.

    The work is per distinct value, not per row: a million-row column with a handful
    of spellings costs a handful of calls.

    >>> recode_categories(pd.Series([" a", "a ", None]), str.strip).tolist()
    ['a', 'a', <NA>]
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("category")
    cats = values.cat.categories
    mapped = [func(c) for c in cats.tolist()]
    if mapped == cats.tolist():
        # Nothing to change (the usual case for clean ids and vocabularies): keep the
        # codes, only make sure the categories are strings.
        if cats.dtype == STRING:
            return values
        return pd.Series(
            pd.Categorical.from_codes(
                values.cat.codes.to_numpy(), categories=cats.astype(STRING), validate=False
            ),
            index=values.index,
        )
    new_index = pd.Index([m for m in mapped if m is not None], dtype=STRING).unique()
    position = new_index.get_indexer(
        pd.Index([m if m is not None else "" for m in mapped], dtype=STRING)
    )
    position = np.where([m is None for m in mapped], -1, position) if len(mapped) else position
    codes = values.cat.codes.to_numpy()
    lookup = np.append(np.asarray(position, dtype=np.int64), -1)
    new_codes = lookup[np.where(codes < 0, len(lookup) - 1, codes)]
    return pd.Series(
        pd.Categorical.from_codes(new_codes, dtype=pd.CategoricalDtype(new_index), validate=False),
        index=values.index,
    )


def _clean_id(value: object) -> str | None:
    if isinstance(value, str):  # the usual case, kept cheap: called once per distinct id
        return value.strip() or None
    if _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def normalize_ids(values: pd.Series) -> pd.Series:
    """Ids as a categorical of stripped strings (Excel's 17.0 becomes '17')."""
    return recode_categories(values, _clean_id)


def slug(text: object) -> str | None:
    """A readable id from a name: lowercase words joined by '-'.

    >>> slug("  Dr. Ana  Núñez ")
    'dr-ana-núñez'
    """
    if _is_missing(text):
        return None
    out = re.sub(r"[\W_]+", "-", str(text).casefold()).strip("-")
    return out or None


def normalize_text(values: pd.Series) -> pd.Series:
    """Strip text; empty becomes missing. Stays categorical when it came categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return recode_categories(values, lambda v: str(v).strip() or None).astype(STRING)
    if values.dtype != STRING:
        values = values.astype(STRING)
    arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
    stripped = pc.utf8_trim_whitespace(arrow)
    blank = pc.fill_null(pc.equal(stripped, ""), False)
    cleaned = pc.if_else(blank, pa.scalar(None, stripped.type), stripped)
    return pd.Series(pd.array(cleaned, dtype=STRING), index=values.index)


def normalize_vocab(values: pd.Series, vocabulary: str) -> pd.Series:
    """Map spellings onto the vocabulary, per distinct value.

    Unrecognized values are kept as written so that the rules can report them.

    >>> normalize_vocab(pd.Series(["Alum", "alumnni", None]), "source").tolist()
    ['alumni', 'alumnni', <NA>]
    """
    return recode_categories(
        values, lambda v: normalize_value(vocabulary, v) or (str(v).strip() or None)
    )


NS_FIRST, NS_LAST = pd.Timestamp.min.ceil("s"), pd.Timestamp.max.floor("s")


def _nanoseconds(stamps: pd.Series) -> pd.Series:
    """Parsed dates as datetime64[ns]; years pandas cannot hold (year 0, 9999) become NaT,
    which the caller reports as a bad date."""
    inside = (stamps >= NS_FIRST) & (stamps <= NS_LAST)
    return stamps.where(inside).astype(DATETIME) if not inside.all() else stamps.astype(DATETIME)


def _excel_serial(numbers: pd.Series) -> pd.Series:
    return pd.to_datetime(numbers, unit="D", origin="1899-12-30", errors="coerce")


def _parse_unique_dates(uniques: pd.Series, dayfirst: bool) -> pd.Series:
    """Parse distinct date values of any type; NaT where nothing fits."""
    out = pd.Series(pd.NaT, index=uniques.index, dtype=DATETIME)
    if uniques.empty:
        return out
    kind = pd.api.types.infer_dtype(uniques, skipna=True)
    if kind not in ("string", "empty"):
        is_stamp = uniques.map(lambda v: isinstance(v, dt.date | pd.Timestamp)).astype(bool)
        if is_stamp.any():
            stamps = pd.to_datetime(
                uniques[is_stamp].map(lambda v: pd.Timestamp(v) if v.year > 1677 else pd.NaT),
                errors="coerce",
            )
            out[is_stamp] = _nanoseconds(stamps)
        is_number = uniques.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        is_number = is_number.astype(bool) & ~is_stamp
        if is_number.any():
            numbers = pd.to_numeric(uniques[is_number], errors="coerce")
            serial = numbers.where((numbers > 10000) & (numbers < 80000))
            out[is_number] = _excel_serial(serial)
        text = uniques[~(is_stamp | is_number)].astype(str)
    else:
        text = uniques.astype(str)
    text = text.str.strip()
    # Logs hold local wall-clock time: a UTC offset written after an ISO time is dropped,
    # not converted (and mixed offsets would make one parse impossible).
    text = text.str.replace(_ISO_OFFSET, r"\1", regex=True)
    left = text
    if not left.empty:
        try:
            iso = pd.to_datetime(left, format="ISO8601", errors="coerce")
        except ValueError:  # anything pandas cannot parse in one go: one value at a time
            iso = left.map(lambda v: pd.to_datetime(v, format="ISO8601", errors="coerce"))
            iso = pd.to_datetime(iso, errors="coerce")
        if getattr(iso.dt, "tz", None) is not None:
            iso = iso.dt.tz_localize(None)
        good = iso.notna()
        out[good[good].index] = _nanoseconds(iso[good])
        left = left[~good]
    numeric = pd.to_numeric(left, errors="coerce")
    serial = numeric[(numeric > 10000) & (numeric < 80000)]
    if not serial.empty:
        out[serial.index] = _excel_serial(serial)
        left = left.drop(serial.index)
    formats = (
        DATE_FORMATS_DAY_FIRST + DATE_FORMATS_MONTH_FIRST
        if dayfirst
        else DATE_FORMATS_MONTH_FIRST + DATE_FORMATS_DAY_FIRST
    ) + DATE_FORMATS_NAMED
    for fmt in formats:
        if left.empty:
            break
        parsed = pd.to_datetime(left, format=fmt, errors="coerce")
        good = parsed.notna()
        if good.any():
            out[good[good].index] = _nanoseconds(parsed[good])
            left = left[~good]
    return out


def parse_dates(values: pd.Series, dayfirst: bool = False) -> pd.Series:
    """Parse a column of dates written in any common way, to datetime64[ns] (naive).

    ISO strings go through pyarrow's parser in one pass; anything else is parsed once
    per distinct value. Unparseable values become NaT (the caller reports them).

    >>> parse_dates(pd.Series(["2026-10-14", "10/15/2026", "Oct 16, 2026", None])).dt.day.tolist()
    [14.0, 15.0, 16.0, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.astype(DATETIME)
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        try:
            arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
            try:
                stamps = pc.cast(arrow, pa.timestamp("ns"))
            except pa.ArrowInvalid:
                stamps = pc.cast(pc.utf8_trim_whitespace(arrow), pa.timestamp("ns"))
            return pd.Series(stamps.to_numpy(), index=values.index, dtype=DATETIME)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, AttributeError):
            pass
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        uniques = pd.Series(values.cat.categories.astype(object))
    else:
        codes, unique_values = pd.factorize(values, use_na_sentinel=True)
        uniques = pd.Series(np.asarray(unique_values, dtype=object))
    parsed = _parse_unique_dates(uniques.reset_index(drop=True), dayfirst).to_numpy()
    result = np.append(parsed, np.datetime64("NaT", "ns"))[np.where(codes < 0, len(parsed), codes)]
    return pd.Series(result, index=values.index, dtype=DATETIME)


# ----------------------------------------------------------------------------- tables


def _recognize(cell: str) -> bool:
    return header_column(cell) is not None or wide_date_type(cell) is not None


def _typed_column(cell: str) -> pa.DataType | None:
    column = header_column(cell)
    if column in ("date", "added_on", "outcome_date"):
        return pa.timestamp("ns")
    if column == "duration_min":
        return pa.float64()
    return None


def _dictionary_column(cell: str) -> bool:
    return header_column(cell) in DICTIONARY_COLUMNS


# Header cells that only real exports have (they need `infoview import`, not the loader).
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


def export_kind(headers: Sequence[str]) -> tuple[str, str] | None:
    """(name, import command) when the headers are those of a LinkedIn or Google export.

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


def _map_headers(raw: RawTable) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(canonical column -> positional name), (wide event type -> positional name), duplicates."""
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


def _classify(
    columns: dict[str, str], wide: dict[str, str], forced: str | None, stem: str
) -> str | None:
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


def _expected_for(role: str) -> str:
    need = {
        "events": ["owner_id (or one file per owner)", "contact_id (or name)", "date", "type"],
        "contacts": ["owner_id (or one file per owner)", "contact_id (or name)"],
        "wide": ["contact_id (or name)", "date columns such as Date Contacted"],
        "owners": ["owner_id"],
    }[role]
    return "columns " + ", ".join(need)


# Columns a table cannot do without, by role (ids can come from the file name or names).
REQUIRED_COLUMNS = (
    ("events", "type", "a column naming the event type (Type, Activity, Event Type)"),
    ("events", "date", "a column with the event date (Date, When)"),
    ("owners", "owner_id", "a column naming the owner (Owner, Student ID)"),
)


def _table_frame(raw: RawTable, columns: dict[str, str]) -> pd.DataFrame:
    frame = raw.frame[list(columns.values())]  # copy-on-write: no data copied here
    frame.columns = list(columns)
    frame["_row"] = raw.rows
    return frame


def _prepare_common(table: Table, owner: str | None, out: _Collector, dayfirst: bool) -> bool:
    """Ids and text for any role: owner_id, contact_id (or from the name). False on fatal."""
    frame = table.frame
    where = table.raw.where
    if "owner_id" in frame:
        frame["owner_id"] = normalize_ids(frame["owner_id"])
        if owner is not None:
            frame["owner_id"] = (
                frame["owner_id"].cat.add_categories([owner]).fillna(owner)
                if owner not in frame["owner_id"].cat.categories
                else frame["owner_id"].fillna(owner)
            )
    elif owner is not None:
        frame["owner_id"] = pd.Categorical([owner] * len(frame))
    else:
        out.file(
            where,
            "an owner id: a column such as 'Owner' or 'Student ID', or one file per owner named after them",
            "missing_column",
            column="owner_id",
            row=int(table.raw.rows[0]) - 1 if len(table.raw.rows) else 1,
        )
        return False
    if table.role == "owners":
        return True
    if "name" not in frame and "first_name" in frame:
        first = normalize_text(frame.pop("first_name"))
        last = normalize_text(frame.pop("last_name")) if "last_name" in frame else None
        full = first if last is None else first.str.cat(last, sep=" ", na_rep="").str.strip()
        frame["name"] = full.mask(full == "")
        table.header_of["name"] = table.header_of.get("first_name", "First Name")
    table.frame = frame = frame.drop(columns=[c for c in ("first_name", "last_name") if c in frame])
    if "name" in frame:
        frame["name"] = normalize_text(frame["name"])
    if "contact_id" in frame:
        frame["contact_id"] = normalize_ids(frame["contact_id"])
        if "name" in frame:
            derived = (
                recode_categories(frame["name"], slug) if frame["contact_id"].isna().any() else None
            )
            if derived is not None:
                frame["contact_id"] = (
                    frame["contact_id"]
                    .astype(STRING)
                    .fillna(derived.astype(STRING))
                    .astype("category")
                )
    elif "name" in frame:
        frame["contact_id"] = recode_categories(frame["name"], slug)
        table.header_of["contact_id"] = table.header("name")
    else:
        out.file(
            where,
            f"{_expected_for(table.role)}: no column names the contact (such as 'Contact ID' or 'Name')",
            "missing_column",
            column="contact_id",
            row=int(table.raw.rows[0]) - 1 if len(table.raw.rows) else 1,
        )
        return False
    for column in CONTACT_TEXT_COLUMNS:
        if column in frame and column != "name":
            frame[column] = normalize_text(frame[column])
    if "referred_by" in frame:
        frame["referred_by"] = normalize_ids(frame["referred_by"])
    if "source" in frame:
        frame["source"] = normalize_vocab(frame["source"], "source")
    if "added_on" in frame:
        _dates(table, "added_on", out, dayfirst)
    return True


DONE_WORDS = {"yes", "y", "x", "done", "true", "sent", "✓", "✔", "1"}
LATER_WORDS = {"tbd", "tba", "pending", "soon", "no", "n", "false", "0", "?"}


def _date_hint(value: object) -> str | None:
    """Plain advice for the words people type into date columns."""
    word = str(value).strip().casefold()
    if word in DONE_WORDS:
        return "write the date it happened instead of a tick"
    if word in LATER_WORDS:
        return "leave the cell empty until it happens"
    return None


def _dates(
    table: Table, column: str, out: _Collector, dayfirst: bool, required: bool = False
) -> None:
    raw = table.frame[column]
    parsed = parse_dates(raw, dayfirst)
    missing_raw = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & ~missing_raw
    out.rows(table, bad, column, DATE_EXPECTED, "bad_date", values=raw, hint=_date_hint)
    if required:
        out.rows(table, missing_raw, column, DATE_EXPECTED, "missing_value", values=raw)
    table.frame[column] = parsed


def _prepare_events(table: Table, out: _Collector, dayfirst: bool) -> None:
    frame = table.frame
    _dates(table, "date", out, dayfirst)
    frame["type"] = normalize_vocab(frame["type"], "type")
    _prepare_event_extras(table, out)


def _prepare_event_extras(table: Table, out: _Collector) -> None:
    frame = table.frame
    if "channel" in frame:
        frame["channel"] = normalize_vocab(frame["channel"], "channel")
    if "duration_min" in frame:
        raw = frame["duration_min"]
        fast = _arrow_cast(raw, pa.float64())
        if fast is not None and not (fast < 0).any():
            frame["duration_min"] = fast
            return _prepare_notes(table)
        text = (
            raw.astype(STRING).str.replace(r"(?i)\s*(min(ute)?s?|m)\.?$", "", regex=True)
            if not pd.api.types.is_numeric_dtype(raw)
            else raw
        )
        minutes = pd.to_numeric(text, errors="coerce")
        bad = minutes.isna() & raw.notna()
        out.rows(
            table,
            bad,
            "duration_min",
            "a duration in minutes (a number, 0 or more)",
            "bad_number",
            values=raw,
        )
        frame["duration_min"] = minutes.astype("float64")
    _prepare_notes(table)


def _prepare_notes(table: Table) -> None:
    if "notes" in table.frame:
        table.frame["notes"] = normalize_text(table.frame["notes"])


def _arrow_cast(values: pd.Series, arrow_type: pa.DataType) -> pd.Series | None:
    """Cast arrow-backed strings in one pyarrow pass; None when a value does not fit."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return values if pd.api.types.is_numeric_dtype(values.dtype) else None
    try:
        arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
        try:
            cast = pc.cast(arrow, arrow_type)
        except pa.ArrowInvalid:
            cast = pc.cast(pc.utf8_trim_whitespace(arrow), arrow_type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.Series(cast.to_numpy(), index=values.index)


def _prepare_owners(table: Table, out: _Collector, dayfirst: bool) -> None:
    frame = table.frame
    for column in ("cohort", "program", "advisor"):
        if column in frame:
            frame[column] = recode_categories(frame[column], _clean_id).astype(STRING)
    if "outcome" in frame:
        frame["outcome"] = normalize_vocab(frame["outcome"], "outcome")
    if "outcome_date" in frame:
        _dates(table, "outcome_date", out, dayfirst)


def _melt_wide(table: Table, wide: dict[str, str], out: _Collector, dayfirst: bool) -> pd.DataFrame:
    """Events from a wide tracker: one event per filled date cell."""
    pieces = []
    frame = table.frame
    for event_type, name in wide.items():
        header = table.raw.headers[int(name[1:])]
        probe = Table(
            table.role,
            pd.DataFrame({"value": table.raw.frame[name], "_row": frame["_row"]}),
            table.raw,
            {"value": header},
        )
        _dates(probe, "value", out, dayfirst)
        dates = probe.frame["value"]
        present = dates.notna().to_numpy()
        if not present.any():
            continue
        piece = pd.DataFrame(
            {
                "owner_id": frame["owner_id"].to_numpy()[present],
                "contact_id": frame["contact_id"].to_numpy()[present],
                "date": dates.to_numpy()[present],
                "type": event_type,
                "_row": frame["_row"].to_numpy()[present],
            }
        )
        if "channel" in frame:
            piece["channel"] = frame["channel"].to_numpy()[present]
        if "notes" in frame and event_type == "meeting":
            piece["notes"] = frame["notes"].to_numpy()[present]
        if "duration_min" in frame and event_type == "meeting":
            piece["duration_min"] = frame["duration_min"].to_numpy()[present]
        pieces.append(piece)
    if not pieces:
        return pd.DataFrame(columns=["owner_id", "contact_id", "date", "type", "_row"])
    return pd.concat(pieces, ignore_index=True)


# ----------------------------------------------------------------------------- sources


def _expand(source: PathLike | Sequence[PathLike]) -> list[tuple[Path, Path | None]]:
    items = [source] if isinstance(source, str | Path) else list(source)
    files: list[tuple[Path, Path | None]] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TABLE_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise LogError(
                    [
                        Problem(
                            str(path),
                            None,
                            None,
                            None,
                            "a folder holding CSV, TSV, Excel or Parquet logs",
                            kind="empty_folder",
                        )
                    ]
                )
            files.extend((p, path) for p in found)
        else:
            files.append((path, None))
    return files


def _read_tables(
    files: Iterable[tuple[Path, Path | None]],
    forced: str | None,
    owner_id: str | None,
    out: _Collector,
    dayfirst: bool,
    progress: bool = False,
) -> list[tuple[Table, dict[str, str]]]:
    from tqdm import tqdm

    files = list(files)
    tables: list[tuple[Table, dict[str, str]]] = []
    bar = tqdm(
        files,
        unit="file",
        desc="reading",
        file=sys.stderr,
        leave=False,
        disable=not progress or len(files) < PROGRESS_FROM_FILES,
    )
    for path, root in bar:
        try:
            raws = read_any(path, _recognize, _dictionary_column, typed_columns=_typed_column)
        except LogError as err:
            out.problems.extend(err.problems)
            continue
        for raw in raws:
            columns, wide, duplicated = _map_headers(raw)
            for header in duplicated:
                out.file(
                    raw.where,
                    "each column once (this header repeats a column already present; the first is used)",
                    "duplicate_column",
                    column=header,
                    severity="warning",
                    row=int(raw.rows[0]) - 1 if len(raw.rows) else 1,
                )
            sheet_role = None
            if raw.sheet is not None:
                words = {w.lower() for w in re.split(r"[^0-9A-Za-z]+", raw.sheet) if w}
                for role_name, role_words in ROLE_WORDS.items():
                    if words & role_words:
                        sheet_role = role_name
            export = export_kind(raw.headers)
            if export is not None and forced is None:
                out.file(
                    raw.where,
                    f"an interview log, not a {export[0]} export: bring it in with "
                    f"`infoview import {export[1]} {path} --out DIR`, then validate DIR",
                    "export_file",
                    value=", ".join(raw.headers)[:60],
                )
                continue
            role = _classify(columns, wide, forced or sheet_role, path.stem)
            if role is None:
                out.file(
                    raw.where,
                    "an interview log (columns such as Date, Type, Contact), a contacts list (Name, Company, Source), a tracker (Name, Date Contacted, Date Met, ...) or a roster (Owner, Cohort, Program, Outcome)",
                    "unrecognized_table",
                    value=", ".join(raw.headers)[:200],
                )
                continue
            if len(raw.frame) == 0:
                out.file(
                    raw.where,
                    "data rows below the header (the file has a header only)",
                    "empty_file",
                )
                continue
            absent = [
                (column, expected)
                for needed_by, column, expected in REQUIRED_COLUMNS
                if role == needed_by and column not in columns
            ]
            if absent:
                column, expected = absent[0]
                out.file(
                    raw.where,
                    expected,
                    "missing_column",
                    column=column,
                    value=", ".join(raw.headers)[:200],
                    row=int(raw.rows[0]) - 1,
                )
                continue
            frame = _table_frame(raw, columns)
            header_of = {
                canonical: raw.headers[int(name[1:])] for canonical, name in columns.items()
            }
            table = Table(role, frame, raw, header_of)
            # A file named on its own belongs to "me"; inside a folder, to its stem.
            owner = owner_id or (infer_owner(path, root) if root is not None else None)
            if owner is None and "owner_id" not in columns and role != "owners":
                owner = "me"
            fills_owner = "owner_id" not in columns or owner_id
            if not _prepare_common(table, owner if fills_owner else None, out, dayfirst):
                continue
            tables.append((table, wide))
    return tables


def load_log(
    source: PathLike | Sequence[PathLike],
    contacts: PathLike | Sequence[PathLike] | None = None,
    owners: PathLike | Sequence[PathLike] | None = None,
    *,
    owner_id: str | None = None,
    dayfirst: bool = False,
    today: dt.date | None = None,
    progress: bool = False,
) -> InterviewLog:
    """Load, check and type interview logs.

    `source` is a file, a folder (every table inside; per-owner files are named after
    their owner) or a list of them; each table's role (events, wide tracker, contacts,
    roster) is told from its columns. `contacts` and `owners` name files whose role is
    fixed. `owner_id` sets the owner of files without an owner column (default: the file
    name, else 'me'). `dayfirst` reads 03/04/2026 as 3 April. `today` (default: the
    date now) dates the "in the future" warning. `progress` shows a progress bar on
    stderr while reading many files (the command line turns it on).

    Raises one `LogError` listing every problem; warnings land on `log.warnings`.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "log.csv").write_text("Name,Date,Type,How Found\\nAna Ruiz,2026-10-01,Coffee chat,Alum\\n")
    >>> log = load_log(folder / "log.csv")
    >>> log.events[["owner_id", "contact_id", "type"]].values.tolist(), log.contacts["source"].tolist()
    ([['me', 'ana-ruiz', 'meeting']], ['alumni'])
    """
    today = today or dt.date.today()
    out = _Collector()
    tables: list[tuple[Table, dict[str, str]]] = []
    files_seen: list[str] = []
    for paths, forced in ((source, None), (contacts, "contacts"), (owners, "owners")):
        if paths is None:
            continue
        try:
            files = _expand(paths)
        except LogError as err:
            out.problems.extend(err.problems)
            continue
        files_seen.extend(str(p) for p, _ in files)
        tables.extend(_read_tables(files, forced, owner_id, out, dayfirst, progress))

    event_frames: list[pd.DataFrame] = []
    contact_frames: list[pd.DataFrame] = []  # from contacts tables and wide trackers
    attribute_frames: list[pd.DataFrame] = []  # contact columns carried by event rows
    owner_frames: list[pd.DataFrame] = []
    headers: dict[str, dict[str, str]] = {}
    for table, wide in tables:
        table.frame["_file"] = _file_column(table.raw.where, len(table.frame))
        if table.role == "events":
            _prepare_events(table, out, dayfirst)
            event_frames.append(table.frame)
            attributes = [
                c
                for c in CONTACT_COLUMNS
                if c in table.frame and c not in ("owner_id", "contact_id")
            ]
            if attributes:
                attribute_frames.append(
                    table.frame[["owner_id", "contact_id", *attributes, "_row", "_file"]]
                )
        elif table.role == "wide":
            _prepare_event_extras(table, out)
            melted = _melt_wide(table, wide, out, dayfirst)
            melted["_file"] = _file_column(table.raw.where, len(melted))
            event_frames.append(melted)
            contact_frames.append(table.frame)
        elif table.role == "contacts":
            contact_frames.append(table.frame)
        else:
            _prepare_owners(table, out, dayfirst)
            owner_frames.append(table.frame)
        headers[table.raw.where] = table.header_of

    if not tables and not out.problems:
        out.file(str(source), "at least one table", "empty_file")
    if not tables:
        raise LogError(out.problems)

    log = _assemble(
        event_frames, contact_frames, attribute_frames, owner_frames, out, today, headers
    )
    if out.has_errors:
        raise LogError(out.problems)
    log.warnings = [p for p in out.problems if p.severity == "warning"]
    log.files = files_seen
    return log


def _add_once(out: _Collector, problems: list[Problem]) -> None:
    """Add problems, skipping cells already reported (a bad date is not also 'missing')."""
    seen = {(p.file, p.row, p.column) for p in out.problems if p.row is not None}
    out.problems.extend(
        p for p in problems if p.row is None or (p.file, p.row, p.column) not in seen
    )


def _file_column(where: str, n: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[where])


ID_COLUMNS = ("owner_id", "contact_id", "referred_by")
CATEGORY_COLUMNS = (*ID_COLUMNS, "type", "channel", "source", "outcome", "_file")


def _as_category(values: pd.Series) -> pd.Categorical:
    """A categorical with string categories (what union_categoricals needs)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        if cats.dtype == STRING:
            return values.array
        cats = cats.astype(str).astype(STRING)
        return pd.Categorical.from_codes(
            values.cat.codes.to_numpy(), categories=cats, validate=False
        )
    if _all_missing(values):
        empty = pd.Index([], dtype=STRING)
        return pd.Categorical.from_codes(np.full(len(values), -1, dtype=np.int8), categories=empty)
    return pd.Categorical(values.astype(STRING))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack tables column by column; categoricals stay categoricals (no strings built)."""
    present = [f for f in frames if len(f)]
    if not present:
        return pd.DataFrame({"_row": pd.Series([], dtype=np.int64)})
    if len(present) == 1:
        frame = present[0].reset_index(drop=True)
        return frame.assign(**{c: _as_category(frame[c]) for c in CATEGORY_COLUMNS if c in frame})
    columns: list[str] = []
    for f in present:
        columns.extend(c for c in f.columns if c not in columns)
    data = {}
    for column in columns:
        parts = [
            f[column] if column in f else pd.Series(pd.NA, index=f.index, dtype=object)
            for f in present
        ]
        if column in CATEGORY_COLUMNS:
            data[column] = union_categoricals([_as_category(p) for p in parts], ignore_order=True)
        elif any(pd.api.types.is_datetime64_any_dtype(p.dtype) for p in parts):
            data[column] = pd.concat(
                [pd.to_datetime(p).astype(DATETIME) for p in parts], ignore_index=True
            )
        else:
            data[column] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(data)


def _shared_categories(series: list[pd.Series], sort: bool = True) -> pd.CategoricalDtype:
    cats = [s.cat.categories for s in series if len(s.cat.categories)]
    union = cats[0] if cats else pd.Index([], dtype=STRING)
    for c in cats[1:]:
        union = union.union(c, sort=False)
    union = union.astype(STRING)
    return pd.CategoricalDtype(union.sort_values() if sort else union)


def _with_categories(values: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = pd.Series(_as_category(values), index=values.index)
    return values.cat.set_categories(dtype.categories)


def _keys(frame: pd.DataFrame, id_column: str, width: int) -> np.ndarray:
    """One int64 per (owner, contact): owner code * width + contact code; -1 if either missing."""
    owner = frame["owner_id"].cat.codes.to_numpy(np.int64)
    contact = frame[id_column].cat.codes.to_numpy(np.int64)
    return np.where((owner < 0) | (contact < 0), -1, owner * width + contact)


def _ensure(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Add absent columns, all missing, already in their final kind of dtype."""
    n = len(frame)
    missing = {}
    for column in columns:
        if column in frame:
            continue
        if column in ("added_on", "date", "outcome_date"):
            missing[column] = pd.Series(
                np.full(n, np.datetime64("NaT"), DATETIME), index=frame.index
            )
        elif column == "duration_min":
            missing[column] = pd.Series(np.full(n, np.nan), index=frame.index)
        elif column in CATEGORY_COLUMNS:
            missing[column] = pd.Series(
                _as_category(pd.Series(pd.NA, index=frame.index, dtype=object)), index=frame.index
            )
        else:
            nulls = pa.nulls(n, pa.large_string())
            missing[column] = pd.Series(pd.array(nulls, dtype=STRING), index=frame.index)
    return frame.assign(**missing) if missing else frame


def _assemble(
    event_frames,
    contact_frames,
    attribute_frames,
    owner_frames,
    out: _Collector,
    today: dt.date,
    headers: dict[str, dict[str, str]] | None = None,
) -> InterviewLog:
    """Join the tables of all files into one log, working on integer codes throughout.

    The input rules run once per kind of table over the rows of every file together
    (one pandera pass, not one per file: a cohort can be thousands of files).
    """
    events = _concat(event_frames)
    contacts = _concat(contact_frames)
    owners = _concat(owner_frames)
    for frame, role in ((events, "events"), (contacts, "contacts"), (owners, "owners")):
        _add_once(out, rules.check_rules(frame, role, headers))
    if out.has_errors:
        return InterviewLog(empty_contacts(), empty_events(), empty_owners())
    events = _ensure(events, [*EVENT_COLUMNS, "_file"])
    contacts = _ensure(contacts, [*CONTACT_COLUMNS, "_file"])
    owners = _ensure(owners, [*OWNER_COLUMNS, "_file"])
    attributes = _concat(attribute_frames)
    has_attributes = len(attributes) > 0
    for frame in (events, contacts, owners, attributes):
        for column in ID_COLUMNS:
            if column in frame:
                frame[column] = _as_category(frame[column])

    # One categorical id space for owners, and one shared by contact ids and referrers.
    id_frames = [f for f in (events, contacts, owners, attributes) if "owner_id" in f]
    owner_dtype = _shared_categories([f["owner_id"] for f in id_frames])
    contact_series = [f["contact_id"] for f in (events, contacts, attributes) if "contact_id" in f]
    contact_series += [f["referred_by"] for f in (contacts, attributes) if "referred_by" in f]
    id_dtype = _shared_categories(contact_series)
    for frame in id_frames:
        frame["owner_id"] = frame["owner_id"].cat.set_categories(owner_dtype.categories)
        for column in ("contact_id", "referred_by"):
            if column in frame:
                frame[column] = frame[column].cat.set_categories(id_dtype.categories)
    width = len(id_dtype.categories) + 1

    contact_keys = _keys(contacts, "contact_id", width)

    # Contacts named only by events are created, from the event rows' contact columns if any.
    event_keys = _keys(events, "contact_id", width)
    # Logs usually come in (owner, contact, date) order: then first rows and first
    # dates per contact fall out of one comparison with the previous row.
    dates_array = events["date"].to_numpy() if len(events) else np.array([], DATETIME)
    events_sorted = _is_sorted(event_keys, dates_array)
    if len(events):
        if events_sorted:
            first_rows = np.flatnonzero(np.r_[True, event_keys[1:] != event_keys[:-1]])
        else:
            first_rows = pd.Series(event_keys).drop_duplicates().index.to_numpy()
        unknown = ~np.isin(event_keys[first_rows], contact_keys)
        new_rows = first_rows[unknown]
        if len(contacts) and len(new_rows):
            listed_owners = np.unique(contacts["owner_id"].cat.codes.to_numpy())
            warn = np.isin(events["owner_id"].cat.codes.to_numpy()[new_rows], listed_owners)
            for i in new_rows[warn][:MAX_LISTED]:
                out.problems.append(
                    Problem(
                        str(events["_file"].iat[i]),
                        int(events["_row"].iat[i]),
                        "contact_id",
                        str(events["contact_id"].iat[i]),
                        f"a contact in owner '{events['owner_id'].iat[i]}''s contacts "
                        "(added from this event)",
                        "warning",
                        "unknown_contact",
                    )
                )
            if warn.sum() > MAX_LISTED:
                out.problems.append(
                    Problem(
                        "(all files)",
                        None,
                        "contact_id",
                        None,
                        f"contacts listed in contacts files ({int(warn.sum()) - MAX_LISTED} "
                        "more unknown contacts added from events)",
                        "warning",
                        "unknown_contact",
                    )
                )
        if len(new_rows):
            key_columns = events[["owner_id", "contact_id", "_row", "_file"]]
            created = key_columns.iloc[new_rows].reset_index(drop=True)
            if has_attributes:
                created = _with_attributes(created, attributes, width)
            contacts = (
                _concat([contacts, _ensure(created, [*CONTACT_COLUMNS])])
                if len(contacts)
                else _ensure(created, [*CONTACT_COLUMNS, "_file"])
            )
    for column, dtype in (
        ("contact_id", id_dtype),
        ("referred_by", id_dtype),
        ("owner_id", owner_dtype),
    ):
        contacts[column] = _with_categories(contacts[column], dtype)
    for column, dtype in (("contact_id", id_dtype), ("owner_id", owner_dtype)):
        events[column] = _with_categories(events[column], dtype)

    # A referred_by may give the referrer's name: map it onto their id, then warn on unknowns.
    _resolve_referrers(contacts, width)
    if len(contacts) and contacts["referred_by"].notna().any():
        referred = contacts["referred_by"].notna().to_numpy()
        missing = np.zeros(len(contacts), dtype=bool)
        missing[referred] = ~np.isin(
            _keys(contacts, "referred_by", width)[referred], _keys(contacts, "contact_id", width)
        )
        for i in np.flatnonzero(missing)[:MAX_LISTED]:
            out.problems.append(
                Problem(
                    str(contacts["_file"].iat[i]),
                    int(contacts["_row"].iat[i]),
                    "referred_by",
                    str(contacts["referred_by"].iat[i]),
                    "the id or name of another contact of the same owner "
                    "(kept; the chain starts here)",
                    "warning",
                    "unknown_referrer",
                )
            )

    # Dates after tomorrow are probably typos; so are dates before 1970.
    if len(events):
        tomorrow_end = pd.Timestamp(today) + pd.Timedelta(days=2)
        dates = events["date"]
        _warn_rows(
            out,
            events,
            (dates >= tomorrow_end).to_numpy(),
            "date",
            "a date no later than tomorrow",
            "future_date",
        )
        _warn_rows(
            out,
            events,
            (dates < pd.Timestamp("1970-01-01")).to_numpy(),
            "date",
            "a date after 1970 (a typo in the year?)",
            "old_date",
        )

    # added_on defaults to the day of the first event with the contact.
    added = _dates_column(contacts["added_on"])
    if len(events) and added.isna().any():
        if events_sorted:
            first_keys, first_dates = event_keys[first_rows], dates_array[first_rows]
        else:
            earliest = events["date"].groupby(event_keys).min()
            first_keys, first_dates = earliest.index.to_numpy(), earliest.to_numpy()
        wanted = _keys(contacts, "contact_id", width)
        at = np.minimum(np.searchsorted(first_keys, wanted), max(len(first_keys) - 1, 0))
        hit = (first_keys[at] == wanted) if len(first_keys) else np.zeros(len(wanted), bool)
        fill = np.where(
            hit, first_dates[at] if len(first_keys) else np.datetime64("NaT"), np.datetime64("NaT")
        )
        added = added.fillna(pd.Series(fill, index=added.index))
    contacts["added_on"] = added.dt.normalize()

    # Every owner seen gets a roster row; owners absent from a given roster are warned about.
    roster_given = len(owners) > 0
    listed = (
        np.unique(owners["owner_id"].cat.codes.to_numpy())
        if roster_given
        else np.array([], np.int64)
    )
    n_owner_codes = len(owner_dtype.categories)
    seen_mask = np.zeros(n_owner_codes + 1, dtype=bool)
    for frame in (events, contacts):
        seen_mask[frame["owner_id"].cat.codes.to_numpy()] = True  # code -1 lands in the spare
    seen = np.flatnonzero(seen_mask[:n_owner_codes])
    absent = np.setdiff1d(seen, listed)
    if roster_given:
        for code in absent[:MAX_LISTED]:
            out.problems.append(
                Problem(
                    "(roster)",
                    None,
                    "owner_id",
                    str(owner_dtype.categories[code]),
                    "an owner listed in the roster (added without cohort or outcome)",
                    "warning",
                    "owner_not_in_roster",
                )
            )
    owners = owners.drop_duplicates(["owner_id"]) if roster_given else owners.iloc[0:0]
    if len(absent):
        extra = pd.DataFrame({"owner_id": pd.Categorical.from_codes(absent, dtype=owner_dtype)})
        owners = pd.concat([owners, _ensure(extra, OWNER_COLUMNS)], ignore_index=True)
    owners = _ensure(owners.reset_index(drop=True), OWNER_COLUMNS)
    owners["owner_id"] = pd.Categorical(owners["owner_id"], dtype=owner_dtype)

    if out.has_errors:
        return InterviewLog(empty_contacts(), empty_events(), empty_owners())
    return finalize(contacts, events, owners)


def _dates_column(values: pd.Series) -> pd.Series:
    """A column that is already dates, or all missing, as datetime64[ns] (no parsing)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype(DATETIME)
    if _all_missing(values):
        return pd.Series(np.full(len(values), np.datetime64("NaT"), DATETIME), index=values.index)
    return pd.to_datetime(values).astype(DATETIME)


def _with_attributes(created: pd.DataFrame, attributes: pd.DataFrame, width: int) -> pd.DataFrame:
    """Fill created contacts from the first non-missing contact columns of their event rows."""
    columns = [
        c for c in CONTACT_COLUMNS if c in attributes and c not in ("owner_id", "contact_id")
    ]
    keys = _keys(attributes, "contact_id", width)
    firsts = attributes[columns].groupby(keys, sort=False).first()
    picked = firsts.reindex(_keys(created, "contact_id", width)).reset_index(drop=True)
    for column in columns:
        values = picked[column]
        if column == "referred_by":
            values = pd.Categorical(values.astype(STRING), dtype=created["contact_id"].dtype)
        created[column] = values
    return created


def _warn_rows(
    out: _Collector, frame: pd.DataFrame, mask: np.ndarray, column: str, expected: str, kind: str
) -> None:
    idx = np.flatnonzero(mask)
    for i in idx[:MAX_LISTED]:
        out.problems.append(
            Problem(
                str(frame["_file"].iat[i]),
                int(frame["_row"].iat[i]),
                column,
                str(frame[column].iat[i]),
                expected,
                "warning",
                kind,
            )
        )
    if idx.size > MAX_LISTED:
        out.problems.append(
            Problem(
                "(all files)",
                None,
                column,
                None,
                f"{expected} ({idx.size - MAX_LISTED} more rows)",
                "warning",
                kind,
            )
        )


def _resolve_referrers(contacts: pd.DataFrame, width: int) -> None:
    """Map a `referred_by` that gives a name (or an id spelled differently) onto an id."""
    if not len(contacts) or not contacts["referred_by"].notna().any():
        return
    ids = contacts["contact_id"]
    asked = contacts["referred_by"]
    unresolved = (
        contact_positions(contacts, contacts["owner_id"], asked) < 0
    ) & asked.notna().to_numpy()
    if not unresolved.any():
        return
    owners = contacts["owner_id"].astype(STRING)
    lookups = [
        pd.DataFrame(
            {
                "owner_id": owners,
                "key": recode_categories(ids, slug).astype(STRING),
                "target": ids.astype(STRING),
            }
        )
    ]
    if "name" in contacts and contacts["name"].notna().any():
        lookups.append(
            pd.DataFrame(
                {
                    "owner_id": owners,
                    "key": recode_categories(contacts["name"].astype(STRING), slug).astype(STRING),
                    "target": ids.astype(STRING),
                }
            )
        )
    lookup = pd.concat(lookups, ignore_index=True).dropna().drop_duplicates(["owner_id", "key"])
    query = pd.DataFrame(
        {
            "owner_id": owners[unresolved].to_numpy(),
            "key": recode_categories(asked[unresolved], slug).astype(STRING).to_numpy(),
        }
    )
    target = query.merge(lookup, on=["owner_id", "key"], how="left")["target"].to_numpy()
    current = asked.astype(STRING).to_numpy(dtype=object)
    found = pd.notna(target)
    idx = np.flatnonzero(unresolved)
    current[idx[found]] = target[found]
    contacts["referred_by"] = pd.Categorical(current, dtype=asked.dtype)


def frames_to_log(
    contacts: pd.DataFrame,
    events: pd.DataFrame,
    owners: pd.DataFrame | None = None,
    *,
    origin: str = "(generated)",
    today: dt.date | None = None,
) -> InterviewLog:
    """Type tables that already use DESIGN.md's column names and vocabularies.

    For the sample generator and the importers: same checks and dtypes as `load_log`.

    >>> c = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "source": ["friend"]})
    >>> e = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"],
    ...                   "date": pd.to_datetime(["2026-10-01"]), "type": ["outreach"]})
    >>> frames_to_log(c, e).contacts["added_on"].tolist()
    [Timestamp('2026-10-01 00:00:00')]
    """
    out = _Collector()
    frames = []
    for frame in (
        contacts,
        events,
        owners if owners is not None else pd.DataFrame(columns=["owner_id"]),
    ):
        frame = frame.reset_index(drop=True)
        frame = frame.assign(
            _row=np.arange(2, len(frame) + 2), _file=_file_column(origin, len(frame))
        )
        frames.append(frame)
    for frame in frames:
        for column in ID_COLUMNS:
            if column in frame:
                frame[column] = normalize_ids(frame[column])
    log = _assemble([frames[1]], [frames[0]], [], [frames[2]], out, today or dt.date.today())
    if out.has_errors:
        raise LogError(out.problems)
    log.warnings = [p for p in out.problems if p.severity == "warning"]
    return log


def _categorical(values: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    """Values as the given categorical; a categorical is recoded on its categories only."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        lookup = dtype.categories.get_indexer(values.cat.categories.astype(object))
        codes = values.cat.codes.to_numpy()
        new_codes = np.append(lookup, -1)[np.where(codes < 0, len(lookup), codes)]
        return pd.Series(
            pd.Categorical.from_codes(new_codes, dtype=dtype, validate=False), index=values.index
        )
    if _all_missing(values):
        codes = np.full(len(values), -1, dtype=np.int8)
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=values.index)
    return values.astype(object).astype(dtype)


def _all_missing(values: pd.Series) -> bool:
    return values.dtype == object and bool(values.isna().all())


def finalize(contacts: pd.DataFrame, events: pd.DataFrame, owners: pd.DataFrame) -> InterviewLog:
    """Final dtypes and order of the three tables; provenance columns dropped.

    Rows are put in (owner, contact[, date]) order on integer codes, and only when they
    are not in that order already; text is decoded after the reordering, not before.
    """
    contacts = _ensure(contacts, CONTACT_COLUMNS)[list(CONTACT_COLUMNS)]
    owner_codes = contacts["owner_id"].cat.codes.to_numpy()
    contact_codes = contacts["contact_id"].cat.codes.to_numpy()
    if not _is_sorted(owner_codes, contact_codes):
        contacts = contacts.iloc[np.lexsort((contact_codes, owner_codes))]
    contacts = contacts.reset_index(drop=True)
    source = _categorical(contacts["source"], SOURCE_DTYPE)
    contacts = contacts.assign(
        source=source.fillna("other"),
        added_on=_dates_column(contacts["added_on"]),
        **{c: _text(contacts[c]) for c in CONTACT_TEXT_COLUMNS},
    )

    events = _ensure(events, EVENT_COLUMNS)[list(EVENT_COLUMNS)]
    owner_codes = events["owner_id"].cat.codes.to_numpy()
    contact_codes = events["contact_id"].cat.codes.to_numpy()
    dates = events["date"].to_numpy()
    if not _is_sorted(owner_codes, contact_codes, dates):
        events = events.iloc[_thread_order(owner_codes, contact_codes, dates)]
    events = events.reset_index(drop=True)
    events = events.assign(
        type=_categorical(events["type"], TYPE_DTYPE),
        channel=_categorical(events["channel"], CHANNEL_DTYPE),
        duration_min=pd.to_numeric(events["duration_min"]).astype("float64"),
        notes=_text(events["notes"]),
        date=events["date"].astype(DATETIME),
    )

    owners = owners.assign(
        outcome=_categorical(owners["outcome"], OUTCOME_DTYPE),
        outcome_date=pd.to_datetime(owners["outcome_date"]).astype(DATETIME),
        **{c: _text(owners[c]) for c in ("cohort", "program", "advisor")},
    )
    owners = owners.sort_values("owner_id")[list(OWNER_COLUMNS)].reset_index(drop=True)
    # The dtype contract (validation.check_contract) is asserted by the tests; here it
    # would only cost time on every load.
    return InterviewLog(contacts, events, owners)


def _text(values: pd.Series) -> pd.Series:
    """Values as pyarrow-backed strings; a categorical is decoded by pyarrow, not Python."""
    if values.dtype == STRING:
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        dictionary = pa.array(values.cat.categories.astype(str).tolist(), pa.string())
        indices = pa.array(codes.astype(np.int32), mask=codes < 0)
        decoded = pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string())
        return pd.Series(pd.array(decoded, dtype=STRING), index=values.index)
    if _all_missing(values):
        nulls = pa.nulls(len(values), pa.large_string())
        return pd.Series(pd.array(nulls, dtype=STRING), index=values.index)
    return values.astype(STRING)


def _thread_order(
    owner_codes: np.ndarray, contact_codes: np.ndarray, dates: np.ndarray
) -> np.ndarray:
    """Row order by (owner, contact, date).

    Packs the three into one int64 (dates at one-second resolution) when they fit: one
    argsort is about 4x faster than a three-key lexsort at millions of rows.
    """
    pair = owner_codes.astype(np.int64) * (int(contact_codes.max(initial=0)) + 2) + contact_codes
    stamps = dates.astype("datetime64[s]").astype(np.int64)
    seconds = stamps - stamps.min(initial=0)
    date_bits = int(seconds.max(initial=0)).bit_length()
    if int(pair.max(initial=0)).bit_length() + date_bits <= 62:
        return np.argsort((pair << date_bits) | seconds, kind="stable")
    return np.lexsort((dates, contact_codes, owner_codes))


def _is_sorted(*keys: np.ndarray) -> bool:
    """True when rows are already in lexicographic order of the keys (first key first)."""
    if len(keys[0]) < 2:
        return True
    ordered = np.ones(len(keys[0]) - 1, dtype=bool)  # rows i, i+1 still tied so far
    for key in keys:
        diff_next = key[1:] > key[:-1]
        diff_prev = key[1:] < key[:-1]
        if np.any(ordered & diff_prev):
            return False
        ordered &= ~diff_next
    return True


__all__ = ["load_log", "frames_to_log", "parse_dates", "slug", "infer_owner"]
