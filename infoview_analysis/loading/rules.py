"""Schema checks with pandera, translated into problems a spreadsheet user can act on.

Two sets of schemas: *input rules* run on each input table after its headers and
values are normalized (required values, vocabularies, non-negative durations, one
row per contact id), lazily so that every failure is found at once; the *contract*
fixes the dtypes of the tables `load_log` returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.problems import MAX_LISTED, Problem, is_missing
from infoview_analysis.core.vocabulary import (
    CHANNELS,
    EVENT_TYPES,
    OUTCOMES,
    SOURCES,
    suggest_value,
)
from infoview_analysis.loading.values import any_negative

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

__all__ = ["RULES", "check_rules", "passes_rules", "check_contract"]

DESCRIPTIONS = {
    "owner_id": "an owner id (who kept this log)",
    "contact_id": "a contact id, or the contact's name",
    "date": "a date such as 2026-10-14",
    "type": "an event type (" + ", ".join(EVENT_TYPES) + ")",
    "channel": "a channel (" + ", ".join(CHANNELS) + ")",
    "source": "a source (" + ", ".join(SOURCES) + ")",
    "outcome": "a NACE outcome (" + ", ".join(OUTCOMES) + ")",
    "duration_min": "a duration in minutes, 0 or more",
}
VOCABULARY_OF = {"type": "type", "channel": "channel", "source": "source", "outcome": "outcome"}


def _ids(nullable: bool = False) -> pa.Column:
    return pa.Column(nullable=nullable, required=True)


def _vocab(values: tuple[str, ...], required: bool = False) -> pa.Column:
    return pa.Column(nullable=not required, required=False, checks=pa.Check.isin(list(values)))


EVENT_RULES = pa.DataFrameSchema(
    {
        "owner_id": _ids(),
        "contact_id": _ids(),
        "date": pa.Column(nullable=False),
        "type": pa.Column(nullable=False, checks=pa.Check.isin(list(EVENT_TYPES))),
        "channel": _vocab(CHANNELS),
        "source": _vocab(SOURCES),
        "duration_min": pa.Column(nullable=True, required=False, checks=pa.Check.ge(0)),
    },
    name="events",
)
CONTACT_RULES = pa.DataFrameSchema(
    {
        "owner_id": _ids(),
        "contact_id": _ids(),
        "source": _vocab(SOURCES),
        "added_on": pa.Column(nullable=True, required=False),
    },
    unique=["owner_id", "contact_id"],
    report_duplicates="all",
    name="contacts",
)
OWNER_RULES = pa.DataFrameSchema(
    {
        "owner_id": _ids(),
        "outcome": _vocab(OUTCOMES),
    },
    unique=["owner_id"],
    report_duplicates="all",
    name="owners",
)
RULES = {
    "events": EVENT_RULES,
    "contacts": CONTACT_RULES,
    "wide": CONTACT_RULES,
    "owners": OWNER_RULES,
}


def _hint(column: str, value: object) -> str | None:
    vocabulary = VOCABULARY_OF.get(column)
    if vocabulary is None or value is None:
        return None
    best = suggest_value(vocabulary, value)
    return f"did you mean '{best}'?" if best else None


def check_rules(
    frame: pd.DataFrame, role: str, headers: Mapping[str, Mapping[str, str]] | None = None
) -> list[Problem]:
    """Run the input rules for `role` on rows from any number of files, at once.

    `frame` carries `_file` and `_row` (where each row came from); `headers` maps a
    file to its {column: header as the user wrote it}. Every failure becomes a
    `Problem` naming file, row, header, value and expectation.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical columns plus `_file` and `_row`.
    role : {'events', 'contacts', 'wide', 'owners'}
    headers : mapping, optional

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> f = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "source": ["alumnni"],
    ...                   "_file": ["a.csv"], "_row": [2]})
    >>> [(p.row, p.value, p.hint) for p in check_rules(f, "contacts")]
    [(2, 'alumnni', "did you mean 'alumni'?")]
    """
    if frame.empty or passes_rules(frame, role):
        return []
    try:
        RULES[role].validate(frame, lazy=True, inplace=True)  # nothing is coerced: no copy
        return []
    except SchemaErrors as err:
        return _translate(frame, err.failure_cases, role, headers or {})


# The rules as plain facts, for the vectorized happy path (`passes_rules`).
_REQUIRED = {
    "events": ("owner_id", "contact_id", "date", "type"),
    "contacts": ("owner_id", "contact_id"),
    "wide": ("owner_id", "contact_id"),
    "owners": ("owner_id",),
}
_ALLOWED = {"type": EVENT_TYPES, "channel": CHANNELS, "source": SOURCES, "outcome": OUTCOMES}
_CHECKED = {
    "events": ("type", "channel", "source"),
    "contacts": ("source",),
    "wide": ("source",),
    "owners": ("outcome",),
}
_UNIQUE = {"contacts": ("owner_id", "contact_id"), "wide": ("owner_id", "contact_id")}
_UNIQUE["owners"] = ("owner_id",)


def _values_allowed(values: pd.Series, allowed: tuple[str, ...]) -> bool:
    if isinstance(values.dtype, pd.CategoricalDtype):
        known = values.cat.categories.isin(allowed)
        if known.all():  # the usual case: no need to look at the rows
            return True
        used = np.zeros(len(known) + 1, dtype=bool)
        used[values.array.codes] = True  # code -1 lands in the spare last slot
        return not (used[:-1] & ~known).any()
    present = values.dropna()
    return bool(present.isin(allowed).all())


def _unique_keys(frame: pd.DataFrame, keys: tuple[str, ...]) -> bool:
    parts = [frame[k] for k in keys]
    if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
        key = np.zeros(len(frame), dtype=np.int64)
        for part in parts:
            key = key * (len(part.cat.categories) + 1) + part.cat.codes.to_numpy(np.int64) + 1
        if len(key) < 2 or (key[1:] > key[:-1]).all():
            return True  # rows in key order (the usual case): no hashing needed
        return not pd.Series(key).duplicated().any()
    return not frame.duplicated(list(keys)).any()


def passes_rules(frame: pd.DataFrame, role: str) -> bool:
    """True when every row certainly meets the input rules of `role` (no pandera pass).

    The happy path of a large log: a few vectorized checks on integer codes. When
    anything fails, `check_rules` runs pandera to name each failing cell.

    Parameters
    ----------
    frame : pandas.DataFrame
    role : {'events', 'contacts', 'wide', 'owners'}

    Returns
    -------
    bool

    Examples
    --------
    >>> ok = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "source": ["alumni"]})
    >>> passes_rules(ok, "contacts"), passes_rules(ok.assign(source="alumnni"), "contacts")
    (True, False)
    """
    if any(c not in frame or _has_missing(frame[c]) for c in _REQUIRED[role]):
        return False
    for column in _CHECKED[role]:
        if column in frame and not _values_allowed(frame[column], _ALLOWED[column]):
            return False
    if role == "events" and "duration_min" in frame and not _minutes_ok(frame["duration_min"]):
        return False
    unique = _UNIQUE.get(role)
    return unique is None or _unique_keys(frame, unique)


def _has_missing(values: pd.Series) -> bool:
    """Any missing cell; on the codes or the datetimes themselves when it can (pandas'
    `isna` builds a mask and a Series around it first)."""
    # Minima, not masks: one read of the values and no array written.
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        return bool(len(codes)) and bool(codes.min() < 0)  # missing is code -1
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":
        stamps = values.to_numpy().view(np.int64)
        return bool(len(stamps)) and bool(stamps.min() == _NAT)  # NaT is the least int64
    return bool(values.isna().any())


_NAT = np.iinfo(np.int64).min


def _minutes_ok(typed: pd.Series) -> bool:
    """No negative duration, and every cell a number."""
    if typed.dtype == np.float64:  # already numbers (NaN is not negative)
        return not any_negative(typed)
    minutes = pd.to_numeric(typed, errors="coerce")
    return not ((minutes < 0).any() or (minutes.isna() & typed.notna()).any())


def _translate(
    frame: pd.DataFrame, cases: pd.DataFrame, role: str, headers: Mapping[str, Mapping[str, str]]
) -> list[Problem]:
    problems: list[Problem] = []
    files = frame["_file"].astype(str).to_numpy()
    rows = frame["_row"].to_numpy()
    position = pd.Index(frame.index)

    def header(file: str, column: str) -> str:
        return headers.get(file, {}).get(column, column)

    checks = cases["check"].astype(str)
    duplicates = cases[checks.str.contains("uniqueness")]
    duplicate_index = pd.Index(duplicates["index"].dropna().unique())
    other = cases.drop(duplicates.index)
    whole = (
        other["index"].isna() | other["column"].isna() | (other["check"] == "column_in_dataframe")
    )
    for case in other[whole].itertuples(index=False):
        problems.append(
            Problem(
                "(all files)", None, case.column, case.failure_case, str(case.check), kind="invalid"
            )
        )
    # Row failures can be millions (a whole column of bad values): name the first
    # MAX_LISTED per (file, column, kind) and count the rest, without a loop over all.
    cells = other[~whole]
    at = position.get_indexer(cells["index"])
    check = cells["check"].astype(str)
    kinds = np.select(
        [
            check == "not_nullable",
            check.str.startswith("isin"),
            check.str.startswith("greater_than"),
        ],
        ["missing_value", "unknown_value", "bad_number"],
        "invalid",
    )
    cells = cells.assign(row_at=at, file=files[at], kind=kinds, column=cells["column"].astype(str))
    group = cells.groupby(["file", "column", "kind"], sort=False)
    for case in cells[group.cumcount().to_numpy() < MAX_LISTED].itertuples(index=False):
        value = None if is_missing(case.failure_case) else case.failure_case
        problems.append(
            Problem(
                case.file,
                int(rows[case.row_at]),
                header(case.file, case.column),
                value,
                DESCRIPTIONS.get(case.column, case.column),
                kind=case.kind,
                hint=_hint(case.column, value),
            )
        )
    for (file, column, kind), n in group.size().items():
        if n > MAX_LISTED:
            problems.append(
                Problem(
                    file,
                    None,
                    header(file, column),
                    None,
                    f"{DESCRIPTIONS.get(column, column)} ({n - MAX_LISTED} more rows like the above)",
                    kind=kind,
                )
            )
    if len(duplicate_index):
        problems.extend(_duplicates(frame, duplicate_index, role, header))
    return problems


def _duplicates(frame: pd.DataFrame, index: pd.Index, role: str, header) -> list[Problem]:
    """Every repeat of an id after its first row, naming where the first one is."""
    keys = ["owner_id"] if role == "owners" else ["owner_id", "contact_id"]
    dup = frame.loc[index, [*keys, "_row", "_file"]].copy()
    # Rows without an id are "missing value" problems, not duplicates of each other.
    dup = dup[dup[keys].notna().all(axis=1)]
    dup["_order"] = pd.Index(frame.index).get_indexer(dup.index)
    dup = dup.sort_values("_order")
    first = dup.groupby(keys, observed=True, sort=False)["_order"].transform("min")
    id_column = keys[-1]
    problems: list[Problem] = []
    first_rows = dup.set_index("_order")
    for order, first_order, file, row, value, owner in zip(
        dup["_order"],
        first,
        dup["_file"].astype(str),
        dup["_row"],
        dup[id_column],
        dup["owner_id"],
        strict=True,
    ):
        if order == first_order or len(problems) >= MAX_LISTED:
            continue
        first_file = str(first_rows.at[first_order, "_file"])
        first_row = int(first_rows.at[first_order, "_row"])
        where = f"row {first_row}" if first_file == file else f"{first_file}, row {first_row}"
        owner_text = f" for owner '{owner}'" if id_column == "contact_id" else ""
        problems.append(
            Problem(
                file,
                int(row),
                header(file, id_column),
                value,
                f"an id used once{owner_text} ({where} has it already)",
                kind="duplicate_id",
            )
        )
    return problems


def _category(values: tuple[str, ...]) -> pa.Column:
    return pa.Column(pd.CategoricalDtype(list(values)), nullable=True)


CONTACTS_CONTRACT = pa.DataFrameSchema(
    {
        "owner_id": pa.Column("category", nullable=False),
        "contact_id": pa.Column("category", nullable=False),
        "name": pa.Column(STRING, nullable=True),
        "organization": pa.Column(STRING, nullable=True),
        "role": pa.Column(STRING, nullable=True),
        "industry": pa.Column(STRING, nullable=True),
        "location": pa.Column(STRING, nullable=True),
        "email": pa.Column(STRING, nullable=True),
        "linkedin_url": pa.Column(STRING, nullable=True),
        "source": _category(SOURCES),
        "referred_by": pa.Column("category", nullable=True),
        "added_on": pa.Column("datetime64[ns]", nullable=True),
    },
    strict=True,
    ordered=True,
)
EVENTS_CONTRACT = pa.DataFrameSchema(
    {
        "owner_id": pa.Column("category", nullable=False),
        "contact_id": pa.Column("category", nullable=False),
        "date": pa.Column("datetime64[ns]", nullable=False),
        "type": pa.Column(pd.CategoricalDtype(list(EVENT_TYPES)), nullable=False),
        "channel": _category(CHANNELS),
        "duration_min": pa.Column("float64", nullable=True),
        "notes": pa.Column(STRING, nullable=True),
    },
    strict=True,
    ordered=True,
)
OWNERS_CONTRACT = pa.DataFrameSchema(
    {
        "owner_id": pa.Column("category", nullable=False, unique=True),
        "cohort": pa.Column(STRING, nullable=True),
        "program": pa.Column(STRING, nullable=True),
        "advisor": pa.Column(STRING, nullable=True),
        "outcome": _category(OUTCOMES),
        "outcome_date": pa.Column("datetime64[ns]", nullable=True),
    },
    strict=True,
    ordered=True,
)


def check_contract(log: InterviewLog) -> None:
    """Assert the returned tables have DESIGN.md's columns and dtypes (a bug if not).

    Parameters
    ----------
    log : InterviewLog

    Raises
    ------
    pandera.errors.SchemaError, AssertionError
        When the log breaks the contract.

    Examples
    --------
    >>> from infoview_analysis.core.model import empty_log
    >>> check_contract(empty_log())
    """
    # Columns and dtypes need no rows; values were checked row by row by the input rules.
    CONTACTS_CONTRACT.validate(log.contacts.iloc[:0])
    EVENTS_CONTRACT.validate(log.events.iloc[:0])
    OWNERS_CONTRACT.validate(log.owners)
    if len(log.events) and not np.all(log.event_contact_pos >= 0):
        raise AssertionError("an event names a contact that is not in contacts")
