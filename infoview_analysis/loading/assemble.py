"""From prepared tables of any number of files to one `InterviewLog`.

The steps, in order (`assemble`): run the input rules once per kind of table over the
rows of every file together; put owners in one categorical id space and contact ids
and referrers in another, so that everything after works on integer codes; create
the contacts that only events name; link referrers written as names; warn about
improbable dates; date each contact's `added_on` by its first event when empty; give
every owner a roster row; then `finalize` types and orders the tables.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import DATETIME, STRING
from infoview_analysis.core.model import (
    InterviewLog,
    empty_contacts,
    empty_events,
    empty_owners,
)
from infoview_analysis.core.problems import MAX_LISTED, LogError, ProblemCollector
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS, OWNER_COLUMNS
from infoview_analysis.loading import rules
from infoview_analysis.loading.finalize import dates_column, finalize, is_sorted
from infoview_analysis.loading.frames import (
    ID_COLUMNS,
    as_category,
    concat_tables,
    ensure_columns,
    file_column,
    pair_keys,
    shared_categories,
    with_categories,
)
from infoview_analysis.loading.headers import Headers, header_of
from infoview_analysis.loading.referrers import inherit_sources, link_referrers
from infoview_analysis.loading.values import normalize_ids

__all__ = ["assemble", "frames_to_log"]


def _check_rules(tables: dict[str, pd.DataFrame], out: ProblemCollector, headers: Headers) -> None:
    for role, frame in tables.items():
        out.extend_once(rules.check_rules(frame, role, headers))


def _share_id_spaces(
    frames: list[pd.DataFrame],
) -> tuple[pd.CategoricalDtype, pd.CategoricalDtype]:
    """One categorical id space for owners, and one shared by contact ids and referrers."""
    for frame in frames:
        for column in ID_COLUMNS:
            if column in frame:
                values = as_category(frame[column])
                if values is not frame[column].array:  # setting a column costs a pass
                    frame[column] = values
    id_frames = [f for f in frames if "owner_id" in f]
    owner_dtype = shared_categories([f["owner_id"] for f in id_frames])
    contact_series = [f[c] for f in frames for c in ("contact_id", "referred_by") if c in f]
    id_dtype = shared_categories(contact_series)
    for frame in id_frames:
        frame["owner_id"] = with_categories(frame["owner_id"], owner_dtype)
        for column in ("contact_id", "referred_by"):
            if column in frame:
                frame[column] = with_categories(frame[column], id_dtype)
    return owner_dtype, id_dtype


def _first_event_rows(
    events: pd.DataFrame, dates: np.ndarray, width: int
) -> tuple[bool, np.ndarray, np.ndarray | None]:
    """Whether events are in (owner, contact, date) order, the position of each
    (owner, contact)'s first event row, and the pair keys when they were needed.

    Logs usually are in that order: then one comparison of each row with the next, on
    the small owner and contact codes, serves both, and no int64 key is built.
    """
    owner = events["owner_id"].array.codes
    contact = events["contact_id"].array.codes
    if len(owner) < 2:
        return True, np.arange(len(owner), dtype=np.int64), None
    if min(owner.min(), contact.min()) >= 0:  # no missing id (the rules saw to it)
        new_owner = owner[1:] != owner[:-1]
        new_pair = new_owner | (contact[1:] != contact[:-1])
        # `later > new_x`: a step back within the same owner (pair), which breaks the order.
        in_order = not (
            (owner[1:] < owner[:-1]).any()
            or ((contact[1:] < contact[:-1]) > new_owner).any()
            or ((dates[1:] < dates[:-1]) > new_pair).any()
        )
        if in_order:
            return True, np.r_[0, np.flatnonzero(new_pair) + 1], None
    keys = pair_keys(events, "contact_id", width)
    in_order = is_sorted(keys, dates)
    if in_order:
        return True, np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]), keys
    return False, pd.Series(keys).drop_duplicates().index.to_numpy(), keys


def _with_attributes(created: pd.DataFrame, attributes: pd.DataFrame, width: int) -> pd.DataFrame:
    """Fill created contacts from the first non-missing contact columns of their event rows."""
    columns = [
        c for c in CONTACT_COLUMNS if c in attributes and c not in ("owner_id", "contact_id")
    ]
    keys = pair_keys(attributes, "contact_id", width)
    firsts = attributes[columns].groupby(keys, sort=False).first()
    picked = firsts.reindex(pair_keys(created, "contact_id", width)).reset_index(drop=True)
    for column in columns:
        values = picked[column]
        if column == "referred_by":
            values = pd.Categorical(values.astype(STRING), dtype=created["contact_id"].dtype)
        created[column] = values
    return created


def _add_contacts_from_events(
    events: pd.DataFrame,
    contacts: pd.DataFrame,
    attributes: pd.DataFrame,
    event_keys: np.ndarray | None,
    first_rows: np.ndarray,
    width: int,
    out: ProblemCollector,
    headers: Headers,
) -> pd.DataFrame:
    """Contacts named only by events are created, from the event rows' contact columns.

    Owners who keep a contacts list are warned about each such contact.
    """
    if len(contacts):
        unknown = ~np.isin(event_keys[first_rows], pair_keys(contacts, "contact_id", width))
        new_rows = first_rows[unknown]
    else:
        new_rows = first_rows  # no contacts list: every contact comes from the events
    if not len(new_rows):
        return contacts
    if len(contacts):
        listed_owners = np.unique(contacts["owner_id"].array.codes)
        warn = new_rows[np.isin(events["owner_id"].array.codes[new_rows], listed_owners)]
        files = events["_file"].to_numpy()[warn]
        owners = events["owner_id"].to_numpy()[warn[:1]]
        owner_text = f"owner '{owners[0]}''s" if len(owners) else "the owner's"
        out.rows(
            files,
            events["_row"].to_numpy()[warn],
            header_of(headers, files, "contact_id"),
            events["contact_id"].iloc[warn[:MAX_LISTED]].astype(str).tolist(),
            f"a contact in {owner_text} contacts (added from this event)",
            "unknown_contact",
            severity="warning",
        )
    # Column by column: `iloc` on a frame of categoricals goes through the block manager;
    # the row numbers by numpy's own take (pandas' array take is 3x slower).
    created = pd.DataFrame(
        {c: events[c].array.take(new_rows) for c in ("owner_id", "contact_id", "_file")}
        | {"_row": events["_row"].to_numpy()[new_rows]},
        columns=["owner_id", "contact_id", "_row", "_file"],
        copy=False,  # taken here: no second copy
    )
    if len(attributes):
        created = _with_attributes(created, attributes, width)
    if len(contacts):
        return concat_tables([contacts, ensure_columns(created, [*CONTACT_COLUMNS])])
    return ensure_columns(created, [*CONTACT_COLUMNS, "_file"])


def _warn_improbable_dates(
    events: pd.DataFrame, today: dt.date, out: ProblemCollector, headers: Headers
) -> None:
    """Dates after tomorrow are probably typos; so are dates before 1970."""
    if not len(events):
        return
    dates = events["date"]
    checks = (
        (
            dates >= pd.Timestamp(today) + pd.Timedelta(days=2),
            "a date no later than tomorrow",
            "future_date",
        ),
        (dates < pd.Timestamp("1970-01-01"), "a date after 1970 (a typo in the year?)", "old_date"),
    )
    for mask, expected, kind in checks:
        at = np.flatnonzero(mask.to_numpy())
        files = events["_file"].to_numpy()[at]
        out.rows(
            files,
            events["_row"].to_numpy()[at],
            header_of(headers, files, "date"),
            events["date"].iloc[at[:MAX_LISTED]].astype(str).tolist(),
            expected,
            kind,
            severity="warning",
        )


def _default_added_on(
    contacts: pd.DataFrame,
    events: pd.DataFrame,
    event_keys: np.ndarray | None,
    first_rows: np.ndarray | None,
    width: int,
    from_first_rows: bool = False,
) -> pd.Series:
    """`added_on` as given, else the day of the first event with the contact.

    `from_first_rows`: the contacts are the pairs of `first_rows`, in their order (all
    made from the events), so no search matches them up."""
    added = dates_column(contacts["added_on"])
    if len(events) and added.isna().any():
        if first_rows is not None:  # events sorted: first rows hold the first dates
            first_dates = events["date"].to_numpy()[first_rows]
            first_keys = None if from_first_rows else event_keys[first_rows]
        else:
            earliest = events["date"].groupby(event_keys).min()
            first_keys, first_dates = earliest.index.to_numpy(), earliest.to_numpy()
        wanted = None if first_keys is None else pair_keys(contacts, "contact_id", width)
        if wanted is None or np.array_equal(wanted, first_keys):
            fill = first_dates  # contacts made from the events, in their order: no search
        else:
            at = np.minimum(np.searchsorted(first_keys, wanted), max(len(first_keys) - 1, 0))
            hit = (first_keys[at] == wanted) if len(first_keys) else np.zeros(len(wanted), bool)
            fill = np.where(
                hit,
                first_dates[at] if len(first_keys) else np.datetime64("NaT"),
                np.datetime64("NaT"),
            )
        current = added.to_numpy()
        missing = np.isnat(current)
        # `fill` has the events' own unit (frames_to_log takes any): made nanoseconds
        # by pandas, which refuses a date outside their range rather than wrapping it.
        fill = pd.Series(fill, copy=False).astype(DATETIME).to_numpy()
        stamps = fill if missing.all() else np.where(missing, fill, current)
        added = pd.Series(stamps, index=added.index, copy=False)
    stamps = added.to_numpy()
    if stamps.dtype == np.dtype(DATETIME) and len(stamps):
        earliest = stamps.view(np.int64).min()  # NaT, the least int64, when there is one
        if earliest != np.iinfo(np.int64).min and earliest >= _FLOORED_SAFELY:
            return pd.Series(_day_of(stamps), index=added.index, copy=False)
    if not added.min() < pd.Timestamp("1678-01-01"):  # NaT (nothing dated) compares False
        return pd.Series(_day_of(stamps), index=added.index, copy=False)
    return added.dt.normalize()


_NS_PER_DAY = 86_400 * 10**9
# From here on midnight is still a datetime64[ns] (no integer wraps below it).
_FLOORED_SAFELY = pd.Timestamp("1678-01-01").value


def _day_of(stamps: np.ndarray) -> np.ndarray:
    """Midnight of each datetime64[ns] (NaT stays NaT), in integer arithmetic: pandas'
    normalize and numpy's cast to days both work value by value."""
    stamps = stamps.astype(DATETIME, copy=False)
    ns = stamps.view(np.int64)
    nat = np.isnat(stamps)
    # Floor division floors stamps before 1970 too; numpy divides by a constant
    # without a hardware division (`%` does one per value: 10x slower).
    days = ns // _NS_PER_DAY * _NS_PER_DAY
    if nat.any():
        days[nat] = ns[nat]
    return days.view(DATETIME)


def _complete_roster(
    owners: pd.DataFrame,
    owner_codes: tuple[np.ndarray, ...],
    owner_dtype: pd.CategoricalDtype,
    out: ProblemCollector,
) -> pd.DataFrame:
    """Every owner seen gets a roster row; owners absent from a given roster are warned about.

    `owner_codes` are the owner codes of the rows seen (any subset naming every owner)."""
    roster_given = len(owners) > 0
    n_owner_codes = len(owner_dtype.categories)
    # Masks over the owner codes (code -1 lands in the spare): no sorting of codes.
    seen_mask = np.zeros(n_owner_codes + 1, dtype=bool)
    for codes in owner_codes:
        seen_mask[codes] = True
    if roster_given:
        seen_mask[owners["owner_id"].array.codes] = False
    absent = np.flatnonzero(seen_mask[:n_owner_codes])
    if roster_given and len(absent):
        out.rows(
            "(roster)",
            [None] * len(absent),  # the roster has no row for them
            "owner_id",
            [str(owner_dtype.categories[code]) for code in absent[:MAX_LISTED]],
            "an owner listed in the roster (added without cohort or outcome)",
            "owner_not_in_roster",
            severity="warning",
        )
    owners = owners.drop_duplicates(["owner_id"]) if roster_given else owners.iloc[0:0]
    if len(absent):
        extra = pd.DataFrame({"owner_id": pd.Categorical.from_codes(absent, dtype=owner_dtype)})
        extra = ensure_columns(extra, OWNER_COLUMNS)
        owners = pd.concat([owners, extra], ignore_index=True) if len(owners) else extra
    owners = ensure_columns(owners.reset_index(drop=True), OWNER_COLUMNS)
    owners["owner_id"] = with_categories(owners["owner_id"], owner_dtype)
    return owners


def assemble(
    event_frames: list[pd.DataFrame],
    contact_frames: list[pd.DataFrame],
    attribute_frames: list[pd.DataFrame],
    owner_frames: list[pd.DataFrame],
    out: ProblemCollector,
    today: dt.date,
    headers: Headers | None = None,
    *,
    check_dates: bool = False,
) -> InterviewLog:
    """Join the tables of all files into one log, working on integer codes throughout.

    The input rules run once per kind of table over the rows of every file together
    (one pandera pass, not one per file: a cohort can be thousands of files). On
    errors the log returned is empty and `out` holds every problem.

    Parameters
    ----------
    event_frames, contact_frames, owner_frames : list of pandas.DataFrame
        Prepared tables with canonical columns plus `_row` and `_file`.
    attribute_frames : list of pandas.DataFrame
        Contact columns carried by event rows (name, organization, ... of an event log).
        The lists are emptied as they are stacked.
    out : ProblemCollector
    today : datetime.date
        Dates the "in the future" warning.
    headers : mapping, optional
        file -> {canonical column: the user's header}, to name columns in problems.
    check_dates : bool, default False
        Warn about event dates after tomorrow or before 1970 (`load_log` does so while
        reading, where the cells as typed are at hand).

    Returns
    -------
    InterviewLog

    Examples
    --------
    >>> from infoview_analysis.core.problems import ProblemCollector
    >>> ev = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "type": ["reply"],
    ...                    "date": pd.to_datetime(["2026-10-01"]), "_row": [2], "_file": ["a.csv"]})
    >>> log = assemble([ev], [], [], [], ProblemCollector(), dt.date(2026, 11, 1))
    >>> log.contacts["contact_id"].tolist(), log.contacts["added_on"].tolist()
    (['c1'], [Timestamp('2026-10-01 00:00:00')])
    """
    headers = headers or {}
    events = concat_tables(event_frames)
    contacts = concat_tables(contact_frames)
    owners = concat_tables(owner_frames)
    # Emptied so that every column replaced from here on is freed (not kept by the inputs).
    for frames in (event_frames, contact_frames, owner_frames):
        frames.clear()
    _check_rules({"events": events, "contacts": contacts, "owners": owners}, out, headers)
    if out.has_errors:
        return InterviewLog(empty_contacts(), empty_events(), empty_owners())
    events = ensure_columns(events, [*EVENT_COLUMNS, "_file"])
    contacts = ensure_columns(contacts, [*CONTACT_COLUMNS, "_file"])
    owners = ensure_columns(owners, [*OWNER_COLUMNS, "_file"])
    attributes = concat_tables(attribute_frames)
    attribute_frames.clear()

    owner_dtype, id_dtype = _share_id_spaces([events, contacts, owners, attributes])
    width = len(id_dtype.categories) + 1

    # Logs usually come in (owner, contact, date) order: then first rows and first
    # dates per contact fall out of one comparison with the previous row.
    dates = events["date"].to_numpy() if len(events) else np.array([], DATETIME)
    events_sorted, first_rows, event_keys = _first_event_rows(events, dates, width)
    listed = len(contacts) > 0  # else every contact is made from the events, in order
    if event_keys is None and listed:  # to match the events with the contacts listed
        event_keys = pair_keys(events, "contact_id", width)
    if len(events):
        contacts = _add_contacts_from_events(
            events, contacts, attributes, event_keys, first_rows, width, out, headers
        )
    for column, dtype in (
        ("contact_id", id_dtype),
        ("referred_by", id_dtype),
        ("owner_id", owner_dtype),
    ):
        contacts[column] = with_categories(contacts[column], dtype)
    for column, dtype in (("contact_id", id_dtype), ("owner_id", owner_dtype)):
        events[column] = with_categories(events[column], dtype)

    link_referrers(contacts, width, out, headers)
    inherit_sources(contacts)
    if check_dates:
        _warn_improbable_dates(events, today, out, headers)
    contacts["added_on"] = _default_added_on(
        contacts,
        events,
        event_keys,
        first_rows if events_sorted else None,
        width,
        from_first_rows=not listed,
    )
    # One event per (owner, contact) names every owner of the events; contacts made
    # from the events name no other.
    seen = (events["owner_id"].array.codes[first_rows],)
    if listed:
        seen += (contacts["owner_id"].array.codes,)
    owners = _complete_roster(owners, seen, owner_dtype, out)

    if out.has_errors:
        return InterviewLog(empty_contacts(), empty_events(), empty_owners())
    # The pair keys order rows as (owner, contact) codes do, on the codes kept since.
    return finalize(contacts, events, owners, events_in_order=events_sorted)


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

    Parameters
    ----------
    contacts, events : pandas.DataFrame
        Canonical columns (see DESIGN.md).
    owners : pandas.DataFrame, optional
        The roster.
    origin : str
        The file name problems are reported under.
    today : datetime.date, optional
        Dates the "in the future" warning (default: today).

    Returns
    -------
    InterviewLog

    Raises
    ------
    LogError
        Listing every problem found.

    Examples
    --------
    >>> c = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"], "source": ["friend"]})
    >>> e = pd.DataFrame({"owner_id": ["me"], "contact_id": ["c1"],
    ...                   "date": pd.to_datetime(["2026-10-01"]), "type": ["outreach"]})
    >>> frames_to_log(c, e).contacts["added_on"].tolist()
    [Timestamp('2026-10-01 00:00:00')]
    """
    out = ProblemCollector()
    frames = []
    for frame in (
        contacts,
        events,
        owners if owners is not None else pd.DataFrame(columns=["owner_id"]),
    ):
        frame = frame.reset_index(drop=True)
        frame = frame.assign(
            _row=np.arange(2, len(frame) + 2), _file=file_column(origin, len(frame))
        )
        for column in ID_COLUMNS:
            if column in frame:
                frame[column] = normalize_ids(frame[column])
        frames.append(frame)
    log = assemble(
        [frames[1]], [frames[0]], [], [frames[2]], out, today or dt.date.today(), check_dates=True
    )
    if out.has_errors:
        raise LogError(out.problems)
    log.warnings = out.warnings
    return log
