"""Per-role preparation of one table: ids, text, sources, vocabularies and dates.

Each step reports what it cannot read to the one `ProblemCollector`, naming the
user's header and the cell as typed. Dates are read by `loading.date_cells`, a wide
tracker's steps by `loading.tracker`, "how we met" by `loading.how_met`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.problems import MAX_LISTED, ProblemCollector, is_missing
from infoview_analysis.core.vocabulary import CONTACT_TEXT_COLUMNS
from infoview_analysis.loading.date_cells import ReadOptions, read_dates
from infoview_analysis.loading.headers import expected_for
from infoview_analysis.loading.how_met import how_met_by_value
from infoview_analysis.loading.table import Table, report_cells
from infoview_analysis.loading.values import (
    any_negative,
    arrow_cast,
    clean_id,
    normalize_ids,
    normalize_text,
    normalize_vocab,
    recode_categories,
    slug,
)

__all__ = [
    "NAME_PARTS",
    "tracker_people",
    "prepare_common",
    "prepare_contacts",
    "prepare_events",
    "prepare_event_extras",
    "prepare_owners",
]


def prepare_common(table: Table, owner: str | None, out: ProblemCollector) -> bool:
    """Ids and text for any role: owner_id, contact_id (or from the name).

    Parameters
    ----------
    table : Table
        A table of any role, its columns already mapped; changed in place.
    owner : str or None
        Fills a missing or empty owner column.
    out : ProblemCollector
        Gets a problem for each id that cannot be used.

    Returns
    -------
    bool
        False when the table cannot be used (no owner, no contact column).

    Examples
    --------
    >>> table = Table.of("contacts", {"name": [" Ana Ruiz "]})
    >>> prepare_common(table, "me", ProblemCollector()), table.frame["contact_id"].tolist()
    (True, ['ana-ruiz'])
    """
    frame = table.frame
    where = table.raw.where
    if "owner_id" in frame:
        _set_changed(frame, "owner_id", normalize_ids)
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
    if "first_name" in frame or "last_name" in frame:
        table.frame = frame = frame.drop(columns=[c for c in NAME_PARTS if c in frame])
    if "name" in frame:
        frame["name"] = normalize_text(frame["name"])
    if "contact_id" in frame:
        _set_changed(frame, "contact_id", normalize_ids)
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
        elif table.role == "wide" and _looks_like_names(frame["contact_id"]):
            # A tracker's "Contact" column holds people's names: they are the names too.
            frame["name"] = frame["contact_id"].astype(STRING)
            table.header_of["name"] = table.header("contact_id")
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
    if table.role == "wide":
        _leave_out_nameless(table, out)
        frame = table.frame
    for column in CONTACT_TEXT_COLUMNS:
        if column in frame and column != "name":
            frame[column] = normalize_text(frame[column])
    if "referred_by" in frame:
        frame["referred_by"] = normalize_ids(frame["referred_by"])
    if "source" in frame:
        _read_sources(table, out)
    return True


#: First and last name columns, joined into `name` when there is no name column.
NAME_PARTS = ("first_name", "last_name")


def _set_changed(frame: pd.DataFrame, column: str, clean: Callable[[pd.Series], pd.Series]) -> None:
    """Replace a column by its cleaned values, unless cleaning gave the column back
    (setting a column costs a pass over a million rows)."""
    values = frame[column]
    cleaned = clean(values)
    if cleaned is not values:
        frame[column] = cleaned


def _leave_out_nameless(table: Table, out: ProblemCollector) -> None:
    """A tracker row without a name (a total, a section title) is left out and listed."""
    nameless = table.frame["contact_id"].isna().to_numpy()
    if not nameless.any():
        return
    shown = np.flatnonzero(nameless)[:MAX_LISTED]
    cells = table.raw.frame.loc[table.frame.index[shown]]
    typed = pd.Series(
        [", ".join(str(v) for v in row if not is_missing(v))[:80] for row in cells.to_numpy()],
        index=table.frame.index[shown],
    ).reindex(table.frame.index)
    report_cells(
        out,
        table,
        nameless,
        "contact_id",
        "a row with the contact's name: a row without one cannot be counted for anyone (left out)",
        "left_out_row",
        values=typed,
        severity="warning",
    )
    table.frame = table.frame[~nameless]


def _looks_like_names(ids: pd.Series) -> bool:
    """Most ids are words with a space between (Alex Kim), not codes (c17, s0042)."""
    categories = pd.Series(ids.cat.categories.astype(str))
    return len(categories) > 0 and bool(
        categories.str.contains(r"[^\W\d_]+ [^\W\d_]+").mean() > 0.5
    )


def _read_sources(table: Table, out: ProblemCollector) -> None:
    """Sources from "how we met"; an introduction names its referrer (see `how_met`)."""
    frame = table.frame
    typed = frame["source"]
    # Read once per distinct value; rows only take their value's reading (by position).
    positions, how = how_met_by_value(typed)
    frame["source"] = _per_row_category(how["source"], positions, frame.index)
    report_cells(
        out,
        table,
        how["unread"].to_numpy(dtype=bool)[positions],
        "source",
        "a source (family, friend, alumni, coworker, linkedin, event, cold, ...): read as 'other'",
        "unknown_value",
        values=typed,
        severity="warning",
    )
    introduced = how["introduced"].to_numpy(dtype=bool)[positions]
    if not introduced.any():
        return
    # Kept for `assemble`: an introduced contact without a source takes its referrer's.
    frame["_introduced"] = introduced
    if "referred_by" not in frame:
        frame["referred_by"] = pd.Series(pd.NA, index=frame.index, dtype=STRING)
        table.header_of["referred_by"] = table.header("source")
    referred = frame["referred_by"].astype(STRING)
    unnamed = referred.isna().to_numpy()
    names = pd.Series(how["named"].to_numpy(dtype=object)[positions], index=frame.index)
    named = names.notna().to_numpy()
    fill = introduced & unnamed & named
    if fill.any():
        referred = referred.mask(fill, names.astype(STRING))
    frame["referred_by"] = normalize_ids(referred)
    report_cells(
        out,
        table,
        introduced & unnamed & ~named,
        "source",
        "an introduction with the person who made it: write their name in Referred by "
        "(kept as introduced by someone not named)",
        "referrer_not_named",
        values=typed,
        severity="warning",
    )


def _per_row_category(per_value: pd.Series, positions: np.ndarray, index: pd.Index) -> pd.Series:
    """The categorical `per_value.iloc[positions].astype("category")` would give, built
    from the values actually used (a few) instead of hashing every row's string."""
    used = np.zeros(len(per_value), dtype=bool)
    used[positions] = True
    small = per_value[used].astype("category")
    lookup = small.cat.categories.get_indexer(per_value.astype(object))
    codes = lookup.astype(small.cat.codes.dtype)[positions]  # missing reads as -1
    return pd.Series(pd.Categorical.from_codes(codes, dtype=small.dtype), index=index)


def prepare_contacts(table: Table, out: ProblemCollector, options: ReadOptions) -> None:
    """The date added of a contacts list.

    Parameters
    ----------
    table : Table
        A contacts table; its `added_on` is read as dates in place.
    out : ProblemCollector
        Gets a problem for each date that cannot be read.
    options : ReadOptions
        How dates are read: day first or not, the year of dates written without one.

    Examples
    --------
    >>> table = Table.of("contacts", {"added_on": ["Sept 3, 2026"]}, {"added_on": "Added"})
    >>> prepare_contacts(table, ProblemCollector(), ReadOptions())
    >>> table.frame["added_on"].tolist()
    [Timestamp('2026-09-03 00:00:00')]
    """
    if "added_on" in table.frame:
        cells, _ = read_dates(table, {"added_on": table.frame["added_on"]}, out, options)
        table.frame["added_on"] = cells["added_on"].dates


def prepare_events(table: Table, out: ProblemCollector, options: ReadOptions) -> None:
    """Dates, types and the other event columns of an event log.

    Parameters
    ----------
    table : Table
        An event log; dates, types and extras are read in place.
    out : ProblemCollector
        Gets a problem for each cell that cannot be read.
    options : ReadOptions
        How dates are read: day first or not, the year of dates written without one.

    Examples
    --------
    >>> table = Table.of("events", {"date": ["2026-10-01"], "type": ["Coffee chat"]})
    >>> prepare_events(table, ProblemCollector(), ReadOptions())
    >>> table.frame["type"].tolist()
    ['meeting']
    """
    frame = table.frame
    columns = {c: frame[c] for c in ("date", "added_on") if c in frame}
    cells, _ = read_dates(table, columns, out, options, events=frozenset({"date"}))
    for column, read in cells.items():
        frame[column] = read.dates
    _set_changed(frame, "type", lambda values: normalize_vocab(values, "type"))
    prepare_event_extras(table, out)


def prepare_event_extras(table: Table, out: ProblemCollector) -> None:
    """Channel, duration (minutes, '30 min' accepted) and notes of event rows.

    Parameters
    ----------
    table : Table
        Event rows; channel, duration and notes are read in place.
    out : ProblemCollector
        Gets a problem for each duration that is not a number of minutes.

    Examples
    --------
    >>> table = Table.of("events", {"duration_min": ["30 min"]})
    >>> prepare_event_extras(table, ProblemCollector())
    >>> table.frame["duration_min"].tolist()
    [30.0]
    """
    frame = table.frame
    if "channel" in frame:
        _set_changed(frame, "channel", lambda values: normalize_vocab(values, "channel"))
    if "duration_min" in frame:
        raw = frame["duration_min"]
        fast = arrow_cast(raw, pa.float64())
        if fast is not None and not any_negative(fast):
            if fast is not raw:
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


def prepare_owners(table: Table, out: ProblemCollector, options: ReadOptions) -> None:
    """Cohort, program, advisor, outcome and outcome date of a roster.

    Parameters
    ----------
    table : Table
        A roster; its columns are read in place.
    out : ProblemCollector
        Gets a problem for each outcome date that cannot be read.
    options : ReadOptions
        How dates are read: day first or not, the year of dates written without one.

    Examples
    --------
    >>> table = Table.of("owners", {"outcome": ["Grad school"]})
    >>> prepare_owners(table, ProblemCollector(), ReadOptions())
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
        cells, _ = read_dates(table, {"outcome_date": frame["outcome_date"]}, out, options)
        frame["outcome_date"] = cells["outcome_date"].dates


def tracker_people(table: Table, out: ProblemCollector) -> pd.DataFrame:
    """The contacts of a tracker whose ids come from names, one row per person.

    The same name at two organizations is two people (ids ``ana-ruiz-acme``,
    ``ana-ruiz-globex``); the same name again otherwise is the same person listed
    twice: the first row gives the contact, every row's steps count, and the repeat
    is named in a warning. Ids written in an id column are left to the input rules.

    Parameters
    ----------
    table : Table
        A prepared wide tracker; its ids are rewritten in place where split.
    out : ProblemCollector
        Gets a warning for each name listed twice.

    Returns
    -------
    pandas.DataFrame
        The contact rows.

    Examples
    --------
    >>> table = Table.of("wide", {"owner_id": ["me"] * 3, "name": ["Ana Ruiz"] * 3,
    ...                           "contact_id": pd.Categorical(["ana-ruiz"] * 3),
    ...                           "organization": ["Acme", "Globex", "Acme"]},
    ...                  {"name": "Name", "contact_id": "Name"})
    >>> out = ProblemCollector()
    >>> tracker_people(table, out)["contact_id"].tolist(), [p.row for p in out.problems]
    (['ana-ruiz-acme', 'ana-ruiz-globex'], [4])
    """
    frame = table.frame
    if "name" not in frame or table.header("contact_id") != table.header("name"):
        return frame
    keys = ["owner_id", "contact_id"]
    repeated = frame.duplicated(keys, keep=False).to_numpy()
    if not repeated.any():
        return frame
    if "organization" in frame:
        ids = frame["contact_id"].astype(STRING)
        orgs = frame["organization"].astype(STRING)
        spread = (
            pd.DataFrame({"owner": frame["owner_id"].astype(STRING), "id": ids, "org": orgs})[
                repeated
            ]
            .groupby(["owner", "id"])["org"]
            .transform("nunique")
        )
        split = np.zeros(len(frame), dtype=bool)
        split[np.flatnonzero(repeated)] = (spread > 1).to_numpy() & orgs[
            repeated
        ].notna().to_numpy()
        if split.any():
            suffix = recode_categories(orgs[split].astype("category"), slug).astype(STRING)
            ids = ids.copy()
            ids[split] = ids[split] + "-" + suffix
            frame["contact_id"] = ids.astype("category")
    again = frame.duplicated(keys, keep="first").to_numpy()
    if again.any():
        first_row = frame.groupby(keys, observed=True, sort=False)["_row"].transform("first")
        firsts = first_row.to_numpy()[again][:MAX_LISTED]
        report_cells(
            out,
            table,
            again,
            "contact_id",
            "a person listed once: read as the same person as the row named in the hint "
            "(the steps of both rows count)",
            "duplicate_id",
            values=frame["name"],
            severity="warning",
            hint=[f"first listed in row {row}" for row in firsts],
        )
    return frame[~again]
