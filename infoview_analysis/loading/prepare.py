"""Per-role preparation of one table: ids, text, vocabularies, dates, and the melt of a
wide tracker into events.

Each step reports what it cannot read to the one `ProblemCollector`, naming the
user's header and the cell as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.problems import MAX_LISTED, ProblemCollector, Severity
from infoview_analysis.core.vocabulary import CONTACT_TEXT_COLUMNS
from infoview_analysis.loading.dates import DATE_EXPECTED, parse_dates
from infoview_analysis.loading.headers import expected_for
from infoview_analysis.loading.reading import RawTable
from infoview_analysis.loading.values import (
    arrow_cast,
    clean_id,
    normalize_ids,
    normalize_text,
    normalize_vocab,
    recode_categories,
    slug,
)

__all__ = [
    "Table",
    "table_frame",
    "report_cells",
    "parse_date_column",
    "prepare_common",
    "prepare_events",
    "prepare_event_extras",
    "prepare_owners",
    "melt_wide",
]


@dataclass
class Table:
    """One input table after header mapping: canonical columns plus where rows came from."""

    role: str
    frame: pd.DataFrame
    raw: RawTable
    header_of: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        """The header the user wrote for a canonical column (the column's name if none).

        Examples
        --------
        >>> raw = RawTable(pd.DataFrame(), ["Who"], np.array([]), "t.csv")
        >>> Table("contacts", pd.DataFrame(), raw, {"name": "Who"}).header("name")
        'Who'
        """
        return self.header_of.get(column, column)


def table_frame(raw: RawTable, columns: dict[str, str]) -> pd.DataFrame:
    """The mapped columns of a raw table under canonical names, plus `_row`.

    Parameters
    ----------
    raw : RawTable
    columns : dict
        canonical column -> positional name, from `map_headers`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame({"c0": ["Ana"]}), ["Name"], np.array([2]), "t.csv")
    >>> table_frame(raw, {"name": "c0"}).to_dict("list")
    {'name': ['Ana'], '_row': [2]}
    """
    frame = raw.frame[list(columns.values())]  # copy-on-write: no data copied here
    frame.columns = list(columns)
    frame["_row"] = raw.rows
    return frame


def report_cells(
    out: ProblemCollector,
    table: Table,
    mask: np.ndarray | pd.Series,
    column: str,
    expected: str,
    kind: str,
    *,
    values: pd.Series | None = None,
    severity: Severity = "error",
    hint: str | Callable[[object], str | None] | None = None,
) -> None:
    """Report the cells of `column` where `mask` holds, by the user's header and row.

    Parameters
    ----------
    out : ProblemCollector
    table : Table
    mask : array of bool
    column : str
        Canonical column (named in the problem by the user's header).
    expected, kind : str
    values : pandas.Series, optional
        The cells as typed (default: the column itself).
    severity : {'error', 'warning'}
    hint : str or callable, optional

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["When"], np.array([2]), "t.csv")
    >>> table = Table("events", pd.DataFrame({"date": ["soon"], "_row": [2]}), raw, {"date": "When"})
    >>> out = ProblemCollector()
    >>> report_cells(out, table, [True], "date", "a date", "bad_date")
    >>> str(out.problems[0])
    "t.csv, row 2, column 'When': 'soon' is not a date"
    """
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    if positions.size == 0:
        return
    shown = positions[:MAX_LISTED]
    cells = (values if values is not None else table.frame[column]).iloc[shown].tolist()
    rows = table.frame["_row"].to_numpy()[positions]
    out.rows(
        table.raw.where,
        rows,
        table.header(column),
        cells,
        expected,
        kind,
        severity=severity,
        hint=hint,
    )


def prepare_common(table: Table, owner: str | None, out: ProblemCollector, dayfirst: bool) -> bool:
    """Ids and text for any role: owner_id, contact_id (or from the name).

    Parameters
    ----------
    table : Table
    owner : str or None
        Fills a missing or empty owner column.
    out : ProblemCollector
    dayfirst : bool

    Returns
    -------
    bool
        False when the table cannot be used (no owner, no contact column).

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["Name"], np.array([2]), "t.csv")
    >>> table = Table("contacts", pd.DataFrame({"name": [" Ana Ruiz "], "_row": [2]}), raw)
    >>> prepare_common(table, "me", ProblemCollector(), False), table.frame["contact_id"].tolist()
    (True, ['ana-ruiz'])
    """
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
            f"{expected_for(table.role)}: no column names the contact (such as 'Contact ID' or 'Name')",
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
        parse_date_column(table, "added_on", out, dayfirst)
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


def parse_date_column(
    table: Table, column: str, out: ProblemCollector, dayfirst: bool, required: bool = False
) -> None:
    """Parse a date column of `table` in place; unreadable and (if required) empty cells reported.

    Parameters
    ----------
    table : Table
    column : str
    out : ProblemCollector
    dayfirst : bool
    required : bool, default False

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["Added"], np.array([2, 3]), "t.csv")
    >>> table = Table("contacts", pd.DataFrame({"added_on": ["Oct 1, 2026", "yes"], "_row": [2, 3]}), raw)
    >>> out = ProblemCollector()
    >>> parse_date_column(table, "added_on", out, False)
    >>> table.frame["added_on"].tolist()[0], out.problems[0].hint
    (Timestamp('2026-10-01 00:00:00'), 'write the date it happened instead of a tick')
    """
    raw = table.frame[column]
    parsed = parse_dates(raw, dayfirst)
    missing_raw = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & ~missing_raw
    report_cells(out, table, bad, column, DATE_EXPECTED, "bad_date", values=raw, hint=_date_hint)
    if required:
        report_cells(out, table, missing_raw, column, DATE_EXPECTED, "missing_value", values=raw)
    table.frame[column] = parsed


def prepare_events(table: Table, out: ProblemCollector, dayfirst: bool) -> None:
    """Dates, types and the other event columns of an event log.

    Parameters
    ----------
    table : Table
    out : ProblemCollector
    dayfirst : bool

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["Date", "Type"], np.array([2]), "t.csv")
    >>> frame = pd.DataFrame({"date": ["2026-10-01"], "type": ["Coffee chat"], "_row": [2]})
    >>> table = Table("events", frame, raw)
    >>> prepare_events(table, ProblemCollector(), False)
    >>> table.frame["type"].tolist()
    ['meeting']
    """
    frame = table.frame
    parse_date_column(table, "date", out, dayfirst)
    frame["type"] = normalize_vocab(frame["type"], "type")
    prepare_event_extras(table, out)


def prepare_event_extras(table: Table, out: ProblemCollector) -> None:
    """Channel, duration (minutes, '30 min' accepted) and notes of event rows.

    Parameters
    ----------
    table : Table
    out : ProblemCollector

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["Duration"], np.array([2]), "t.csv")
    >>> table = Table("events", pd.DataFrame({"duration_min": ["30 min"], "_row": [2]}), raw)
    >>> prepare_event_extras(table, ProblemCollector())
    >>> table.frame["duration_min"].tolist()
    [30.0]
    """
    frame = table.frame
    if "channel" in frame:
        frame["channel"] = normalize_vocab(frame["channel"], "channel")
    if "duration_min" in frame:
        raw = frame["duration_min"]
        fast = arrow_cast(raw, pa.float64())
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
        report_cells(
            out,
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


def prepare_owners(table: Table, out: ProblemCollector, dayfirst: bool) -> None:
    """Cohort, program, advisor, outcome and outcome date of a roster.

    Parameters
    ----------
    table : Table
    out : ProblemCollector
    dayfirst : bool

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame(), ["Outcome"], np.array([2]), "t.csv")
    >>> table = Table("owners", pd.DataFrame({"outcome": ["Grad school"], "_row": [2]}), raw)
    >>> prepare_owners(table, ProblemCollector(), False)
    >>> table.frame["outcome"].tolist()
    ['continuing_education']
    """
    frame = table.frame
    for column in ("cohort", "program", "advisor"):
        if column in frame:
            frame[column] = recode_categories(frame[column], clean_id).astype(STRING)
    if "outcome" in frame:
        frame["outcome"] = normalize_vocab(frame["outcome"], "outcome")
    if "outcome_date" in frame:
        parse_date_column(table, "outcome_date", out, dayfirst)


def melt_wide(
    table: Table, wide: dict[str, str], out: ProblemCollector, dayfirst: bool
) -> pd.DataFrame:
    """Events from a wide tracker: one event per filled date cell.

    Parameters
    ----------
    table : Table
        A prepared wide tracker (ids set by `prepare_common`).
    wide : dict
        event type -> positional name of its date column.
    out : ProblemCollector
    dayfirst : bool

    Returns
    -------
    pandas.DataFrame
        owner_id, contact_id, date, type, _row (and channel, notes, duration_min).

    Examples
    --------
    >>> raw = RawTable(pd.DataFrame({"c1": ["2026-10-01"]}), ["Name", "Date met"], np.array([2]), "t.csv")
    >>> frame = pd.DataFrame({"owner_id": ["me"], "contact_id": ["ana"], "_row": [2]})
    >>> melt_wide(Table("wide", frame, raw), {"meeting": "c1"}, ProblemCollector(), False)[["contact_id", "type"]].values.tolist()
    [['ana', 'meeting']]
    """
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
        parse_date_column(probe, "value", out, dayfirst)
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
