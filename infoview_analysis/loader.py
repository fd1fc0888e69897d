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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import validation
from .errors import LogError, Problem
from .model import (
    CHANNEL_DTYPE,
    DATETIME,
    OUTCOME_DTYPE,
    SOURCE_DTYPE,
    STRING,
    TYPE_DTYPE,
    InterviewLog,
    empty_contacts,
    empty_events,
    empty_owners,
)
from .readers import TABLE_SUFFIXES, RawTable, read_any
from .schema import (
    CONTACT_COLUMNS,
    CONTACT_TEXT_COLUMNS,
    EVENT_COLUMNS,
    HEADER_SYNONYMS,
    OWNER_COLUMNS,
    header_column,
    normalize_value,
    suggest_value,
    wide_date_type,
)

PathLike = str | Path
# Problems listed one by one per (file, column, kind); the rest are counted.
MAX_LISTED = 200
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
    ['a', 'a', nan]
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("category")
    cats = values.cat.categories
    mapped = [func(c) for c in cats.tolist()]
    new_index = pd.Index([m for m in mapped if m is not None], dtype=STRING).unique()
    position = new_index.get_indexer(
        pd.Index([m if m is not None else "" for m in mapped], dtype=STRING)
    )
    position = np.where([m is None for m in mapped], -1, position) if len(mapped) else position
    codes = values.cat.codes.to_numpy()
    lookup = np.append(np.asarray(position, dtype=np.int64), -1)
    new_codes = lookup[np.where(codes < 0, len(lookup) - 1, codes)]
    return pd.Series(
        pd.Categorical.from_codes(new_codes, dtype=pd.CategoricalDtype(new_index)),
        index=values.index,
    )


def _clean_id(value: object) -> str | None:
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
    if values.dtype == object or not isinstance(values.dtype, pd.StringDtype):
        values = values.astype(STRING)
    stripped = values.str.strip()
    return stripped.mask(stripped == "")


def normalize_vocab(values: pd.Series, vocabulary: str) -> pd.Series:
    """Map spellings onto the vocabulary, per distinct value.

    Unrecognized values are kept as written so that the rules can report them.

    >>> normalize_vocab(pd.Series(["Alum", "alumnni", None]), "source").tolist()
    ['alumni', 'alumnni', nan]
    """
    return recode_categories(
        values, lambda v: normalize_value(vocabulary, v) or (str(v).strip() or None)
    )


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
            out[is_stamp] = pd.to_datetime(uniques[is_stamp].map(pd.Timestamp), errors="coerce")
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
    left = text
    if not left.empty:
        iso = pd.to_datetime(left, format="ISO8601", errors="coerce")
        if getattr(iso.dt, "tz", None) is not None:
            iso = iso.dt.tz_localize(None)
        good = iso.notna()
        out[good[good].index] = iso[good].astype(DATETIME)
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
            out[good[good].index] = parsed[good].astype(DATETIME)
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
            stamps = pc.cast(pc.utf8_trim_whitespace(arrow), pa.timestamp("ns"))
            return pd.Series(stamps.to_pandas(), index=values.index).astype(DATETIME)
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


def _dictionary_column(cell: str) -> bool:
    return header_column(cell) in DICTIONARY_COLUMNS


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
        "owners": ["owner_id"],
    }[role]
    return "columns " + ", ".join(need)


def _synonyms(column: str) -> str:
    spellings = {
        "owner_id": "Owner, Student ID",
        "contact_id": "Contact ID, or a Name column",
        "date": "Date, When",
        "type": "Type, Activity, Event Type",
    }
    return spellings.get(column, column)


def _table_frame(raw: RawTable, columns: dict[str, str]) -> pd.DataFrame:
    data = {canonical: raw.frame[name] for canonical, name in columns.items()}
    frame = pd.DataFrame(data, index=raw.frame.index)
    frame["_row"] = raw.rows
    return frame


def _prepare_common(table: Table, owner: str | None, out: _Collector) -> bool:
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
    frame.drop(columns=[c for c in ("first_name", "last_name") if c in frame], inplace=True)
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
        _dates(table, "added_on", out, dayfirst=table.frame.attrs.get("dayfirst", False))
    return True


def _hint(vocabulary: str):
    def hint(value: object) -> str | None:
        if value is None:
            return None
        best = suggest_value(vocabulary, value)
        return f"did you mean '{best}'?" if best else None

    return hint


def _dates(
    table: Table, column: str, out: _Collector, dayfirst: bool, required: bool = False
) -> None:
    raw = table.frame[column]
    parsed = parse_dates(raw, dayfirst)
    missing_raw = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & ~missing_raw
    out.rows(table, bad, column, DATE_EXPECTED, "bad_date", values=raw)
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
    if "notes" in frame:
        frame["notes"] = normalize_text(frame["notes"])


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
) -> list[tuple[Table, dict[str, str]]]:
    tables: list[tuple[Table, dict[str, str]]] = []
    for path, root in files:
        try:
            raws = read_any(path, _recognize, _dictionary_column)
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
            if role == "events" and "type" not in columns:
                out.file(
                    raw.where,
                    f"a column naming the event type ({_synonyms('type')})",
                    "missing_column",
                    column="type",
                    value=", ".join(raw.headers)[:200],
                    row=int(raw.rows[0]) - 1,
                )
                continue
            if role == "events" and "date" not in columns:
                out.file(
                    raw.where,
                    f"a column with the event date ({_synonyms('date')})",
                    "missing_column",
                    column="date",
                    value=", ".join(raw.headers)[:200],
                    row=int(raw.rows[0]) - 1,
                )
                continue
            if role == "owners" and "owner_id" not in columns:
                out.file(
                    raw.where,
                    "a column naming the owner (Owner, Student ID)",
                    "missing_column",
                    column="owner_id",
                    value=", ".join(raw.headers)[:200],
                    row=int(raw.rows[0]) - 1,
                )
                continue
            frame = _table_frame(raw, columns)
            frame.attrs["dayfirst"] = dayfirst
            header_of = {
                canonical: raw.headers[int(name[1:])] for canonical, name in columns.items()
            }
            table = Table(role, frame, raw, header_of)
            owner = owner_id or infer_owner(path, root)
            if owner is None and "owner_id" not in columns and role != "owners":
                owner = "me"
            if not _prepare_common(
                table, owner if "owner_id" not in columns or owner_id else None, out
            ):
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
) -> InterviewLog:
    """Load, check and type interview logs.

    `source` is a file, a folder (every table inside; per-owner files are named after
    their owner) or a list of them; each table's role (events, wide tracker, contacts,
    roster) is told from its columns. `contacts` and `owners` name files whose role is
    fixed. `owner_id` sets the owner of files without an owner column (default: the file
    name, else 'me'). `dayfirst` reads 03/04/2026 as 3 April. `today` (default: the
    date now) dates the "in the future" warning.

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
        tables.extend(_read_tables(files, forced, owner_id, out, dayfirst))

    event_frames: list[pd.DataFrame] = []
    contact_frames: list[pd.DataFrame] = []  # from contacts tables and wide trackers
    attribute_frames: list[pd.DataFrame] = []  # contact columns carried by event rows
    owner_frames: list[pd.DataFrame] = []
    event_tables: list[Table] = []
    for table, wide in tables:
        table.frame["_file"] = table.raw.where
        if table.role == "events":
            _prepare_events(table, out, dayfirst)
            event_frames.append(table.frame)
            event_tables.append(table)
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
            melted["_file"] = table.raw.where
            event_frames.append(melted)
            contact_frames.append(table.frame)
        elif table.role == "contacts":
            contact_frames.append(table.frame)
        else:
            _prepare_owners(table, out, dayfirst)
            owner_frames.append(table.frame)
        _add_once(out, validation.check_table(table))

    if not tables and not out.problems:
        out.file(str(source), "at least one table", "empty_file")
    if out.has_errors:
        raise LogError(out.problems)

    log = _assemble(event_frames, contact_frames, attribute_frames, owner_frames, out, today)
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


def _concat(frames: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    present = [f for f in frames if len(f)]
    if not present:
        return pd.DataFrame(columns=[*columns, "_row", "_file"])
    aligned = []
    for f in present:
        g = f.copy()
        for c in g.columns:
            if isinstance(g[c].dtype, pd.CategoricalDtype):
                g[c] = (
                    g[c].astype(STRING)
                    if c not in ("type", "channel", "source", "outcome")
                    else g[c].astype(object)
                )
        aligned.append(g)
    return pd.concat(aligned, ignore_index=True)


def _first_per_contact(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """First non-missing value of each column per (owner, contact)."""
    grouped = frame.groupby(["owner_id", "contact_id"], sort=False, observed=True)
    first = grouped[columns].first()
    return first.reset_index()


def _assemble(
    event_frames, contact_frames, attribute_frames, owner_frames, out: _Collector, today: dt.date
) -> InterviewLog:
    events = _concat(event_frames, EVENT_COLUMNS)
    contacts = _concat(contact_frames, CONTACT_COLUMNS)
    owners = _concat(owner_frames, OWNER_COLUMNS)

    # Duplicate contact ids for one owner in contacts tables are errors.
    if len(contacts):
        dup = contacts.duplicated(["owner_id", "contact_id"], keep=False).to_numpy()
        if dup.any():
            d = contacts[dup]
            first_rows = d.groupby(["owner_id", "contact_id"], sort=False)["_row"].transform("min")
            for file, row, owner, cid, first in zip(
                d["_file"], d["_row"], d["owner_id"], d["contact_id"], first_rows, strict=True
            ):
                if row != first:
                    out.problems.append(
                        Problem(
                            file,
                            int(row),
                            "contact_id",
                            cid,
                            f"a contact id used once per owner (owner '{owner}' already has '{cid}' on row {int(first)})",
                            kind="duplicate_id",
                        )
                    )
                    if sum(p.kind == "duplicate_id" for p in out.problems) > MAX_LISTED:
                        break
    if len(owners):
        dup = owners.duplicated(["owner_id"], keep="first").to_numpy()
        for file, row, owner in zip(
            owners["_file"][dup], owners["_row"][dup], owners["owner_id"][dup], strict=True
        ):
            out.problems.append(
                Problem(
                    file,
                    int(row),
                    "owner_id",
                    owner,
                    "an owner listed once in the roster",
                    kind="duplicate_id",
                )
            )

    have_contact_tables = len(contacts) > 0
    # Contacts named only by events: from the event rows' own contact columns if any.
    attributes = _concat(attribute_frames, CONTACT_COLUMNS)
    event_keys = (
        events[["owner_id", "contact_id", "_row", "_file"]]
        if len(events)
        else pd.DataFrame(columns=["owner_id", "contact_id", "_row", "_file"])
    )
    if len(event_keys):
        first_seen = event_keys.drop_duplicates(["owner_id", "contact_id"])
        if len(attributes):
            attr_cols = [
                c
                for c in CONTACT_COLUMNS
                if c in attributes and c not in ("owner_id", "contact_id")
            ]
            first_attr = _first_per_contact(attributes, attr_cols)
            first_seen = first_seen.merge(first_attr, on=["owner_id", "contact_id"], how="left")
        if have_contact_tables:
            known = pd.MultiIndex.from_frame(contacts[["owner_id", "contact_id"]].astype(str))
            keys = pd.MultiIndex.from_frame(first_seen[["owner_id", "contact_id"]].astype(str))
            new = ~keys.isin(known)
            owners_with_tables = set(contacts["owner_id"].astype(str))
            warn = new & first_seen["owner_id"].astype(str).isin(owners_with_tables).to_numpy()
            for file, row, owner, cid in zip(
                first_seen["_file"][warn][:MAX_LISTED],
                first_seen["_row"][warn][:MAX_LISTED],
                first_seen["owner_id"][warn],
                first_seen["contact_id"][warn],
                strict=False,
            ):
                out.problems.append(
                    Problem(
                        file,
                        int(row),
                        "contact_id",
                        cid,
                        f"a contact listed in owner '{owner}''s contacts (added from this event)",
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
                        f"contacts listed in contacts files ({int(warn.sum()) - MAX_LISTED} more unknown contacts added from events)",
                        "warning",
                        "unknown_contact",
                    )
                )
            first_seen = first_seen[new]
        contacts = (
            pd.concat([contacts, first_seen], ignore_index=True)
            if len(contacts)
            else first_seen.reset_index(drop=True)
        )

    for column in CONTACT_COLUMNS:
        if column not in contacts:
            contacts[column] = pd.NA
    for column in EVENT_COLUMNS:
        if column not in events:
            events[column] = pd.NA
    for column in OWNER_COLUMNS:
        if column not in owners:
            owners[column] = pd.NA

    # One categorical id space for owners, contact ids and referrers.
    owner_values = pd.Index(
        pd.concat(
            [
                contacts["owner_id"].astype(STRING),
                events["owner_id"].astype(STRING),
                owners["owner_id"].astype(STRING),
            ]
        )
        .dropna()
        .unique()
    ).sort_values()
    owner_dtype = pd.CategoricalDtype(owner_values.astype(STRING))
    contacts["referred_by"] = contacts["referred_by"].astype(STRING)
    _resolve_referrers(contacts)
    id_values = pd.Index(
        pd.concat([contacts["contact_id"].astype(STRING), contacts["referred_by"]])
        .dropna()
        .unique()
    ).sort_values()
    id_dtype = pd.CategoricalDtype(id_values.astype(STRING))
    for frame in (contacts, events, owners):
        frame["owner_id"] = frame["owner_id"].astype(STRING).astype(owner_dtype)
    for frame, column in (
        (contacts, "contact_id"),
        (events, "contact_id"),
        (contacts, "referred_by"),
    ):
        frame[column] = frame[column].astype(STRING).astype(id_dtype)

    # Referrers that name nobody: kept, warned (they become chain roots).
    if len(contacts):
        from .model import contact_positions

        ref = contacts["referred_by"]
        pos = contact_positions(contacts, contacts["owner_id"], ref)
        missing = (pos < 0) & ref.notna().to_numpy()
        for file, row, value in zip(
            contacts["_file"][missing][:MAX_LISTED],
            contacts["_row"][missing][:MAX_LISTED],
            ref[missing][:MAX_LISTED],
            strict=False,
        ):
            out.problems.append(
                Problem(
                    file,
                    int(row),
                    "referred_by",
                    value,
                    "the id or name of another contact of the same owner (kept; the chain starts here)",
                    "warning",
                    "unknown_referrer",
                )
            )

    # Dates after tomorrow are probably typos.
    tomorrow = pd.Timestamp(today) + pd.Timedelta(days=2)
    if len(events):
        future = (events["date"] >= tomorrow).to_numpy()
        _warn_rows(out, events, future, "date", "a date no later than tomorrow", "future_date")
        ancient = (events["date"] < pd.Timestamp("1970-01-01")).to_numpy()
        _warn_rows(
            out, events, ancient, "date", "a date after 1970 (a typo in the year?)", "old_date"
        )

    # added_on defaults to the date of the first event with the contact.
    contacts["added_on"] = pd.to_datetime(contacts["added_on"]).astype(DATETIME)
    if len(events) and contacts["added_on"].isna().any():
        firsts = (
            events.groupby(["owner_id", "contact_id"], observed=True)["date"].min().dt.normalize()
        )
        key = pd.MultiIndex.from_arrays([contacts["owner_id"], contacts["contact_id"]])
        contacts["added_on"] = contacts["added_on"].fillna(
            pd.Series(firsts.reindex(key).to_numpy(), index=contacts.index)
        )
    contacts["added_on"] = contacts["added_on"].dt.normalize()

    # Every owner seen gets a roster row.
    roster_given = len(owners) > 0
    seen = pd.Index(owner_values)
    listed = pd.Index(owners["owner_id"].astype(STRING).dropna().unique())
    absent = seen.difference(listed)
    if roster_given and len(absent):
        for owner in absent[:MAX_LISTED]:
            out.problems.append(
                Problem(
                    "(roster)",
                    None,
                    "owner_id",
                    owner,
                    "an owner listed in the roster (added without cohort or outcome)",
                    "warning",
                    "owner_not_in_roster",
                )
            )
    if len(absent):
        extra = pd.DataFrame({"owner_id": pd.Categorical(absent.astype(STRING), dtype=owner_dtype)})
        owners = pd.concat([owners.drop_duplicates(["owner_id"]), extra], ignore_index=True)
    else:
        owners = owners.drop_duplicates(["owner_id"]).reset_index(drop=True)
    owners["owner_id"] = owners["owner_id"].astype(STRING).astype(owner_dtype)

    if any(p.severity == "error" for p in out.problems):
        return InterviewLog(empty_contacts(), empty_events(), empty_owners())
    return finalize(contacts, events, owners)


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


def _resolve_referrers(contacts: pd.DataFrame) -> None:
    """A `referred_by` may name a contact id, or the referrer's name: map names onto ids."""
    ref = contacts["referred_by"]
    if not ref.notna().any():
        return
    ids = pd.MultiIndex.from_arrays(
        [contacts["owner_id"].astype(STRING), contacts["contact_id"].astype(STRING)]
    )
    asked = pd.MultiIndex.from_arrays([contacts["owner_id"].astype(STRING), ref])
    unresolved = ~asked.isin(ids) & ref.notna().to_numpy()
    if not unresolved.any():
        return
    name_slug = (
        recode_categories(contacts["name"].astype(STRING), slug).astype(STRING)
        if "name" in contacts
        else None
    )
    id_slug = recode_categories(contacts["contact_id"].astype(STRING), slug).astype(STRING)
    wanted = recode_categories(ref[unresolved], slug).astype(STRING)
    lookup_frames = [
        pd.DataFrame(
            {
                "owner_id": contacts["owner_id"].astype(STRING),
                "key": id_slug,
                "target": contacts["contact_id"].astype(STRING),
            }
        )
    ]
    if name_slug is not None:
        lookup_frames.append(
            pd.DataFrame(
                {
                    "owner_id": contacts["owner_id"].astype(STRING),
                    "key": name_slug,
                    "target": contacts["contact_id"].astype(STRING),
                }
            )
        )
    lookup = (
        pd.concat(lookup_frames, ignore_index=True).dropna().drop_duplicates(["owner_id", "key"])
    )
    query = pd.DataFrame(
        {
            "owner_id": contacts["owner_id"].astype(STRING)[unresolved].to_numpy(),
            "key": wanted.to_numpy(),
        }
    )
    found = query.merge(lookup, on=["owner_id", "key"], how="left")["target"]
    resolved = ref.copy()
    resolved[unresolved] = found.fillna(pd.Series(ref[unresolved].to_numpy())).to_numpy()
    contacts["referred_by"] = resolved.astype(STRING)


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
        frame = frame.copy()
        frame["_row"] = np.arange(2, len(frame) + 2)
        frame["_file"] = origin
        frames.append(frame)
    log = _assemble([frames[1]], [frames[0]], [], [frames[2]], out, today or dt.date.today())
    if out.has_errors:
        raise LogError(out.problems)
    log.warnings = [p for p in out.problems if p.severity == "warning"]
    return log


def finalize(contacts: pd.DataFrame, events: pd.DataFrame, owners: pd.DataFrame) -> InterviewLog:
    """Final dtypes and order of the three tables; provenance columns dropped."""
    contacts = contacts.copy()
    contacts["source"] = pd.Categorical(
        contacts["source"].astype(object).where(contacts["source"].notna(), "other"),
        dtype=SOURCE_DTYPE,
    )
    for column in CONTACT_TEXT_COLUMNS:
        contacts[column] = contacts[column].astype(STRING)
    contacts["added_on"] = contacts["added_on"].astype(DATETIME)
    order = np.lexsort(
        (contacts["contact_id"].cat.codes.to_numpy(), contacts["owner_id"].cat.codes.to_numpy())
    )
    contacts = contacts.iloc[order][list(CONTACT_COLUMNS)].reset_index(drop=True)

    events = events.copy()
    events["type"] = pd.Categorical(events["type"].astype(object), dtype=TYPE_DTYPE)
    events["channel"] = pd.Categorical(events["channel"].astype(object), dtype=CHANNEL_DTYPE)
    events["duration_min"] = pd.to_numeric(events["duration_min"]).astype("float64")
    events["notes"] = events["notes"].astype(STRING)
    events["date"] = events["date"].astype(DATETIME)
    order = np.lexsort(
        (
            events["date"].to_numpy(),
            events["contact_id"].cat.codes.to_numpy(),
            events["owner_id"].cat.codes.to_numpy(),
        )
    )
    events = events.iloc[order][list(EVENT_COLUMNS)].reset_index(drop=True)

    owners = owners.copy()
    for column in ("cohort", "program", "advisor"):
        owners[column] = owners[column].astype(STRING)
    owners["outcome"] = pd.Categorical(owners["outcome"].astype(object), dtype=OUTCOME_DTYPE)
    owners["outcome_date"] = pd.to_datetime(owners["outcome_date"]).astype(DATETIME)
    owners = owners.sort_values("owner_id")[list(OWNER_COLUMNS)].reset_index(drop=True)
    log = InterviewLog(contacts, events, owners)
    validation.check_contract(log)
    return log


__all__ = ["load_log", "parse_dates", "slug", "infer_owner", "HEADER_SYNONYMS"]
