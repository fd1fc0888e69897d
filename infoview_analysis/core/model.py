"""`InterviewLog`: the three tables of DESIGN.md, held together."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import (
    CHANNEL_DTYPE,
    DATETIME,
    OUTCOME_DTYPE,
    SOURCE_DTYPE,
    STRING,
    TYPE_DTYPE,
    empty_frame,
    id_dtype,
)
from infoview_analysis.core.problem import Problem
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS, OWNER_COLUMNS

__all__ = [
    "InterviewLog",
    "contact_positions",
    "empty_contacts",
    "empty_events",
    "empty_owners",
    "empty_log",
]


@dataclass
class InterviewLog:
    """Contacts, events and owners of one or many interview logs.

    `owner_id`, `contact_id` and `referred_by` are categoricals; `contact_id` and
    `referred_by` share one set of categories, so ids can be compared as integer codes.
    Contacts are sorted by (owner, contact), events by (owner, contact, date).
    `warnings` holds the problems that did not stop loading.

    >>> log = empty_log()
    >>> len(log.contacts), list(log.events.columns)[:4]
    (0, ['owner_id', 'contact_id', 'date', 'type'])
    """

    contacts: pd.DataFrame
    events: pd.DataFrame
    owners: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @cached_property
    def event_contact_pos(self) -> np.ndarray:
        """Row position in `contacts` of each event's contact (int64 array).

        Returns
        -------
        numpy.ndarray of int64

        Examples
        --------
        >>> empty_log().event_contact_pos.tolist()
        []
        """
        return contact_positions(self.contacts, self.events["owner_id"], self.events["contact_id"])

    @cached_property
    def referrer_pos(self) -> np.ndarray:
        """Row position in `contacts` of each contact's referrer; -1 when none or unknown.

        Returns
        -------
        numpy.ndarray of int64

        Examples
        --------
        >>> empty_log().referrer_pos.tolist()
        []
        """
        pos = contact_positions(
            self.contacts, self.contacts["owner_id"], self.contacts["referred_by"]
        )
        return pos

    def for_owner(self, owner_id: str) -> InterviewLog:
        """The part of the log that belongs to one owner.

        Parameters
        ----------
        owner_id : str

        Returns
        -------
        InterviewLog
            That owner's contacts, events and roster row.

        Examples
        --------
        >>> from infoview_analysis.sample import generate
        >>> one = generate(owners=3, seed=1).for_owner("s0002")
        >>> one.owners["owner_id"].cat.categories.tolist(), one.events["owner_id"].unique().tolist()
        (['s0002'], ['s0002'])
        """
        # Only this owner stays among the owner categories, so that groupings by owner
        # (observed or not) see one owner, not every owner of the cohort.
        kept = [owner_id] if owner_id in self.owners["owner_id"].cat.categories else []
        owners = pd.Index(kept, dtype=STRING)

        def part(frame: pd.DataFrame) -> pd.DataFrame:
            mine = frame[(frame["owner_id"] == owner_id).to_numpy()].reset_index(drop=True)
            return mine.assign(owner_id=mine["owner_id"].cat.set_categories(owners))

        return InterviewLog(
            part(self.contacts),
            part(self.events),
            part(self.owners),
            list(self.warnings),
            list(self.files),
        )

    def as_of(self, end: object) -> InterviewLog:
        """The log as it stood just before `end`: the one cut every report uses.

        Events dated on or after `end` and contacts added on or after it (with their
        events, and so the referrals they carry) are gone; a roster outcome dated on or
        after `end` is not known yet (outcome and its date become missing). Undated rows
        stay. A meeting dated on or after `end` is a plan, so it is gone too: it never
        counts as met. `end=None` returns the log unchanged.

        Parameters
        ----------
        end : date-like or None
            The first instant not included; None: the whole log.

        Returns
        -------
        InterviewLog

        Examples
        --------
        >>> from infoview_analysis.sample import generate
        >>> log = generate(owners=2, seed=1)
        >>> cut = log.as_of("2026-09-01")
        >>> bool((cut.events["date"] < pd.Timestamp("2026-09-01")).all())
        True
        >>> len(cut.as_of("2026-09-01").events) == len(cut.events)
        True
        """
        if end is None:
            return self
        cut = pd.Timestamp(end)
        kept_contacts = ~(self.contacts["added_on"] >= cut).to_numpy()
        pos = self.event_contact_pos
        contact_kept = np.append(kept_contacts, True)[np.where(pos >= 0, pos, -1)]
        kept_events = ~(self.events["date"] >= cut).to_numpy() & contact_kept
        owners = self.owners
        if "outcome_date" in owners:
            later = (owners["outcome_date"] >= cut).to_numpy()
            if later.any():
                owners = owners.copy()
                owners.loc[later, "outcome"] = pd.NA
                owners.loc[later, "outcome_date"] = pd.NaT
        return InterviewLog(
            self.contacts[kept_contacts].reset_index(drop=True),
            self.events[kept_events].reset_index(drop=True),
            owners,
            list(self.warnings),
            list(self.files),
        )

    def summary(self) -> dict[str, object]:
        """Counts and date range, for a one-line report.

        Returns
        -------
        dict
            owners, contacts, events, first and last event date.

        Examples
        --------
        >>> empty_log().summary()["events"]
        0
        """
        dates = self.events["date"]
        return {
            "owners": int(self.owners["owner_id"].nunique()),
            "contacts": len(self.contacts),
            "events": len(self.events),
            "first_date": None if dates.empty else dates.min(),
            "last_date": None if dates.empty else dates.max(),
            "warnings": len(self.warnings),
        }

    def summary_line(self) -> str:
        """The log in one line: owners, contacts, events, date span, warnings.

        Returns
        -------
        str
            For the notebook's first output and `infoview validate`.

        Examples
        --------
        >>> empty_log().summary_line()
        '0 owner(s), 0 contacts, 0 events, no events, 0 warning(s)'
        """
        s = self.summary()
        span = (
            "no events"
            if s["first_date"] is None or pd.isna(s["first_date"])
            else f"{s['first_date']:%Y-%m-%d} to {s['last_date']:%Y-%m-%d}"
        )
        return (
            f"{s['owners']} owner(s), {s['contacts']} contacts, {s['events']} events, "
            f"{span}, {s['warnings']} warning(s)"
        )


def contact_positions(
    contacts: pd.DataFrame, owner_ids: pd.Series, contact_ids: pd.Series
) -> np.ndarray:
    """Position in `contacts` of each (owner, contact) pair; -1 where there is none.

    Works on the integer codes of the categoricals: one searchsorted, no string merge.

    Parameters
    ----------
    contacts : pandas.DataFrame
        With categorical `owner_id` and `contact_id`.
    owner_ids, contact_ids : pandas.Series
        The pairs to look up.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> c = pd.DataFrame({"owner_id": pd.Categorical(["me", "me"]),
    ...                   "contact_id": pd.Categorical(["a", "b"])})
    >>> contact_positions(c, pd.Series(["me", "me"]), pd.Series(["b", "z"])).tolist()
    [1, -1]
    """
    n = len(contacts)
    if n == 0 or len(owner_ids) == 0:
        return np.full(len(owner_ids), -1, dtype=np.int64)
    owner_cats = contacts["owner_id"].cat.categories
    id_cats = contacts["contact_id"].cat.categories
    width = np.int64(len(id_cats) + 1)
    c_key = contacts["owner_id"].cat.codes.to_numpy(np.int64) * width + contacts[
        "contact_id"
    ].cat.codes.to_numpy(np.int64)
    o = _codes_in(owner_ids, owner_cats)
    c = _codes_in(contact_ids, id_cats)
    key = o * width + c
    # Contacts come sorted by (owner, contact) from the loader: skip the sort then.
    if n < 2 or bool(np.all(c_key[1:] >= c_key[:-1])):
        order = np.arange(n)
        sorted_keys = c_key
    else:
        order = np.argsort(c_key, kind="stable")
        sorted_keys = c_key[order]
    valid = (o >= 0) & (c >= 0)
    if len(key) > 1 and bool(np.all(key[1:] >= key[:-1])):
        # Pairs in order too (a loaded log's events): one search per distinct pair, its
        # answer repeated over the pair's rows.
        start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        pos = np.repeat(_positions(sorted_keys, order, key[start]), np.diff(np.r_[start, len(key)]))
    else:
        pos = _positions(sorted_keys, order, key)
    return np.where(valid, pos, -1)


def _positions(sorted_keys: np.ndarray, order: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Position (through `order`) of each key in `sorted_keys`; -1 where absent."""
    if np.array_equal(sorted_keys, key):
        return order.astype(np.int64)  # every pair once, in order: no search
    at = np.minimum(np.searchsorted(sorted_keys, key), len(sorted_keys) - 1)
    return np.where(sorted_keys[at] == key, order[at], -1).astype(np.int64)


def _codes_in(values: pd.Series, categories: pd.Index) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.equals(categories):
        return values.cat.codes.to_numpy(np.int64)
    # get_indexer: -1 for values outside the categories, as Categorical codes gave (and
    # without pandas' deprecation of building a Categorical from such values)
    return categories.get_indexer(pd.Index(values)).astype(np.int64)


def empty_contacts() -> pd.DataFrame:
    """A contacts table with no rows and every column, typed.

    Returns
    -------
    pandas.DataFrame
        Columns `CONTACT_COLUMNS`.

    Examples
    --------
    >>> empty_contacts()["source"].dtype == SOURCE_DTYPE
    True
    """
    ids = id_dtype()
    return empty_frame(
        CONTACT_COLUMNS,
        {
            "owner_id": ids,
            "contact_id": ids,
            "referred_by": ids,
            "source": SOURCE_DTYPE,
            "added_on": DATETIME,
        },
    )


def empty_events() -> pd.DataFrame:
    """An events table with no rows and every column, typed.

    Returns
    -------
    pandas.DataFrame
        Columns `EVENT_COLUMNS`.

    Examples
    --------
    >>> str(empty_events()["date"].dtype)
    'datetime64[ns]'
    """
    ids = id_dtype()
    return empty_frame(
        EVENT_COLUMNS,
        {
            "owner_id": ids,
            "contact_id": ids,
            "date": DATETIME,
            "type": TYPE_DTYPE,
            "channel": CHANNEL_DTYPE,
            "duration_min": "float64",
        },
    )


def empty_owners() -> pd.DataFrame:
    """A roster with no rows and every column, typed.

    Returns
    -------
    pandas.DataFrame
        Columns `OWNER_COLUMNS`.

    Examples
    --------
    >>> list(empty_owners().columns)[:2]
    ['owner_id', 'cohort']
    """
    return empty_frame(
        OWNER_COLUMNS,
        {"owner_id": id_dtype(), "outcome": OUTCOME_DTYPE, "outcome_date": DATETIME},
    )


def empty_log() -> InterviewLog:
    """A log with no rows and every column, typed.

    Returns
    -------
    InterviewLog

    Examples
    --------
    >>> empty_log().summary()["contacts"]
    0
    """
    return InterviewLog(empty_contacts(), empty_events(), empty_owners())
