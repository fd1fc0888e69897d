"""A wide tracker (one row per contact, a column per step) melted into events.

Each filled step cell is one event of that step's type. What people type there is
read as they mean it (see `loading.date_cells`): a date, possibly without a year; a
tick (``yes``, ``x``) for a step that happened on a day not written down; ``no`` for
one that did not.

**How a tick is dated.** A tick takes the date of the nearest earlier step of the
same row that has a date (a "Replied? yes" after "Date reached out 8/3" is dated
8/3; "at or after the outreach" is what the funnel asks of a reply); with no earlier
date, the nearest later step's date; with none, the row's date added. The event is
reported as guessed (one warning per column); a tick in a row without any date
cannot be placed in time and is left out, listed with its row.

**The Outcome column** (Outcome, Status) becomes outcome events: ``job lead`` ->
job_lead, ``applied`` / ``application`` -> application, ``interview`` (``phone
screen``) -> interview, ``offer`` -> offer, and ``referral`` (an employee referral for
a job) -> job_lead. Several outcomes may share a cell (``applied, interview 10/2``).
A date written with an outcome dates it; otherwise it takes the row's latest step
date (reported as guessed). Other words are named in one warning and not counted.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import DATETIME
from infoview_analysis.core.problems import MAX_LISTED, ProblemCollector
from infoview_analysis.core.vocabulary import EVENT_TYPES
from infoview_analysis.loading.date_cells import DateCells, ReadOptions, read_dates
from infoview_analysis.loading.dates import month_days, parse_dates, with_year
from infoview_analysis.loading.table import Table, report_cells

__all__ = ["OUTCOME_PATTERNS", "melt_wide", "read_outcomes"]

# What an Outcome cell says, in the order tried on each part of the cell.
OUTCOME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bjob\s*leads?\b|\bleads?\b", "job_lead"),
    (r"\breferr(?:al|ed)\b", "job_lead"),
    (r"\boffers?\b|\bhired\b", "offer"),
    (
        r"\binterview(?:s|ed|ing)?\b|\bphone\s*screen\w*|\bscreen(?:ing|ed)\b|\bonsite\b",
        "interview",
    ),
    (r"\bappl(?:ied|ication|ications|y)\b", "application"),
)
# Cells that say "no outcome": not events, not worth a warning.
_NO_OUTCOME = re.compile(r"^(?:no|none|nothing|n/?a|-+|tbd|pending|not yet|no outcome)$", re.I)
_SPLIT = r"\s*(?:[,;+&|]|\band\b|->|→)\s*"


def _outcome_parts(text: str) -> list[tuple[str | None, str]]:
    """(event type or None, the text left once the outcome words are taken out) per part."""
    parts: list[tuple[str | None, str]] = []
    for part in re.split(_SPLIT, text.strip(), flags=re.I):
        if not part or _NO_OUTCOME.match(part):
            continue
        for pattern, event_type in OUTCOME_PATTERNS:
            if re.search(pattern, part, flags=re.I):
                rest = re.sub(pattern, " ", part, flags=re.I)
                rest = re.sub(r"(?i)\b(?:on|at|for|got|an?|the|sent|received|date)\b", " ", rest)
                parts.append((event_type, rest.strip(" :-()")))
                break
        else:
            parts.append((None, part))
    return parts


def read_outcomes(values: pd.Series, reference: pd.Timestamp, options: ReadOptions) -> pd.DataFrame:
    """Outcome events written in a column: one row per outcome found.

    Parameters
    ----------
    values : pandas.Series
        The Outcome cells as typed (index: row positions).
    reference : pandas.Timestamp
        The latest date of the file (for dates written without a year).
    options : ReadOptions

    Returns
    -------
    pandas.DataFrame
        `at` (position of the row), `type`, `date` (NaT when none is written) and
        `unread` (a part of the cell that names no outcome, else missing).

    Examples
    --------
    >>> cells = pd.Series(["job lead", "applied, interview 10/2", "ghosted"])
    >>> read_outcomes(cells, pd.Timestamp("2026-10-20"), ReadOptions()).values.tolist()
    [[0, 'job_lead', NaT, None], [1, 'application', NaT, None], [1, 'interview', Timestamp('2026-10-02 00:00:00'), None], [2, None, NaT, 'ghosted']]
    """
    rows: list[tuple[int, str | None, str, str | None]] = []
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    read = [_outcome_parts(str(u)) for u in uniques]
    for at in np.flatnonzero(codes >= 0):
        for event_type, rest in read[codes[at]]:
            rows.append(
                (int(at), event_type, rest if event_type else "", None if event_type else rest)
            )
    found = pd.DataFrame(rows, columns=["at", "type", "written", "unread"])
    for column in ("type", "unread"):
        found[column] = found[column].astype(object).where(found[column].notna(), None)
    written = found["written"].where(found["written"].str.len() > 0)
    dates = parse_dates(written.astype(object), options.dayfirst)
    pending = dates.isna() & written.notna()
    if pending.any():
        completed = with_year(
            month_days(written[pending], options.dayfirst), reference, options.year
        )
        dates[pending] = completed
    found["date"] = dates.astype(DATETIME)
    return found[["at", "type", "date", "unread"]]


def _tick_dates(dates: np.ndarray) -> np.ndarray:
    """For each row and step: the nearest earlier step's date, else the nearest later one."""
    frame = pd.DataFrame(dates)
    earlier = frame.ffill(axis=1).shift(1, axis=1)
    later = frame.bfill(axis=1).shift(-1, axis=1)
    return earlier.fillna(later).to_numpy(dtype="datetime64[ns]")


def _event_piece(
    frame: pd.DataFrame, at: np.ndarray, dates: np.ndarray, event_type: str
) -> pd.DataFrame:
    piece = pd.DataFrame(
        {
            "owner_id": frame["owner_id"].to_numpy()[at],
            "contact_id": frame["contact_id"].to_numpy()[at],
            "date": dates,
            "type": event_type,
            "_row": frame["_row"].to_numpy()[at],
        }
    )
    if "channel" in frame and event_type in ("outreach", "reply", "meeting", "follow_up"):
        piece["channel"] = frame["channel"].to_numpy()[at]
    if "notes" in frame and event_type == "meeting":
        piece["notes"] = frame["notes"].to_numpy()[at]
    if "duration_min" in frame and event_type == "meeting":
        piece["duration_min"] = frame["duration_min"].to_numpy()[at]
    return piece


def _rows_text(rows: np.ndarray) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


def melt_wide(
    table: Table, wide: dict[str, str], out: ProblemCollector, options: ReadOptions
) -> pd.DataFrame:
    """Events from a wide tracker: one event per filled step cell (see the module).

    Also types the tracker's `added_on` column in place.

    Parameters
    ----------
    table : Table
        A prepared wide tracker (ids set by `prepare_common`).
    wide : dict
        event type -> positional name of its step column.
    out : ProblemCollector
    options : ReadOptions

    Returns
    -------
    pandas.DataFrame
        owner_id, contact_id, date, type, _row (and channel, notes, duration_min).

    Examples
    --------
    >>> from infoview_analysis.loading.raw_table import RawTable
    >>> raw = RawTable(pd.DataFrame({"c1": ["8/3"], "c2": ["yes"]}),
    ...                ["Name", "Reached out", "Replied?"], np.array([2]), "t.csv")
    >>> frame = pd.DataFrame({"owner_id": ["me"], "contact_id": ["ana"], "_row": [2]})
    >>> table = Table("wide", frame, raw, {"c1": "Reached out", "c2": "Replied?"})
    >>> events = melt_wide(table, {"outreach": "c1", "reply": "c2"}, ProblemCollector(),
    ...                    ReadOptions(year=2026))
    >>> events[["type", "date"]].values.tolist()
    [['outreach', Timestamp('2026-08-03 00:00:00')], ['reply', Timestamp('2026-08-03 00:00:00')]]
    """
    frame = table.frame
    ordered = sorted(wide.items(), key=lambda item: EVENT_TYPES.index(item[0]))
    # The step cells as typed, lined up with the rows kept (rows without a name are gone).
    columns = {name: table.raw.frame[name].loc[frame.index] for _, name in ordered}
    if "added_on" in frame:
        columns = {"added_on": frame["added_on"], **columns}
    steps = frozenset(name for _, name in ordered)
    cells, reference = read_dates(table, columns, out, options, steps=steps, events=steps)
    if "added_on" in frame:
        frame["added_on"] = cells["added_on"].dates
    n = len(frame)
    known = np.column_stack(
        [cells[name].dates.to_numpy() for _, name in ordered]
        or [np.empty((n, 0), dtype="datetime64[ns]")]
    ).astype("datetime64[ns]")
    guessed = _tick_dates(known) if known.shape[1] else known
    fallback = (
        frame["added_on"].to_numpy(dtype="datetime64[ns]")
        if "added_on" in frame
        else np.full(n, np.datetime64("NaT"), "datetime64[ns]")
    )
    pieces: list[pd.DataFrame] = []
    for k, (event_type, name) in enumerate(ordered):
        step: DateCells = cells[name]
        dated = step.dates.notna().to_numpy()
        tick_date = np.where(np.isnat(guessed[:, k]), fallback, guessed[:, k])
        placed = step.ticked & ~np.isnat(tick_date)
        lost = step.ticked & np.isnat(tick_date)
        at = np.flatnonzero(dated | placed)
        if len(at):
            dates = np.where(dated, step.dates.to_numpy(), tick_date)[at]
            pieces.append(_event_piece(frame, at, dates, event_type))
        if placed.any():
            rows = frame["_row"].to_numpy()[placed]
            out.file(
                table.raw.where,
                f"a date: {int(placed.sum())} tick(s) read as 'happened' and dated by the "
                f"nearest other date in their row (rows {_rows_text(rows)})",
                "guessed_date",
                column=table.header(name),
                value=columns[name].to_numpy()[placed][0],
                severity="warning",
            )
        report_cells(
            out,
            table,
            lost,
            name,
            "a date: a tick in a row without any date cannot be placed in time (row left out "
            "of this step)",
            "tick_without_date",
            values=columns[name],
            severity="warning",
        )
    if "outcome" in frame:
        latest = pd.DataFrame(known).max(axis=1).to_numpy(dtype="datetime64[ns]")
        row_date = np.where(np.isnat(latest), fallback, latest)
        pieces.extend(_outcome_events(table, row_date, reference, out, options))
    if not pieces:
        return pd.DataFrame(columns=["owner_id", "contact_id", "date", "type", "_row"])
    return pd.concat(pieces, ignore_index=True)


def _outcome_events(
    table: Table,
    row_date: np.ndarray,
    reference: pd.Timestamp,
    out: ProblemCollector,
    options: ReadOptions,
) -> list[pd.DataFrame]:
    frame = table.frame
    found = read_outcomes(frame["outcome"], reference, options)
    rows = frame["_row"].to_numpy()
    unread = found[found["type"].isna()]
    if len(unread):
        values = sorted(set(unread["unread"].astype(str)))
        out.file(
            table.raw.where,
            "an outcome (job lead, applied, interview, offer, referral): "
            f"{len(unread)} cell part(s) not read as one and not counted "
            f"(rows {_rows_text(rows[unread['at'].to_numpy()])})",
            "unknown_value",
            column=table.header("outcome"),
            value=", ".join(values)[:200],
            severity="warning",
        )
    events = found[found["type"].notna()]
    if not len(events):
        return []
    at = events["at"].to_numpy()
    written = events["date"].to_numpy(dtype="datetime64[ns]")
    dates = np.where(np.isnat(written), row_date[at], written)
    placed = ~np.isnat(dates)
    guessed = placed & np.isnat(written)
    if guessed.any():
        out.file(
            table.raw.where,
            f"a date with each outcome: {int(guessed.sum())} outcome(s) without one were "
            f"dated by the latest date in their row (rows {_rows_text(rows[at[guessed]])})",
            "guessed_date",
            column=table.header("outcome"),
            severity="warning",
        )
    lost = at[~placed]
    out.rows(
        table.raw.where,
        rows[lost],
        table.header("outcome"),
        frame["outcome"].iloc[lost[:MAX_LISTED]].tolist(),
        "an outcome with a date, or in a row with a date (left out: it cannot be placed in time)",
        "left_out_row",
        severity="warning",
    )
    pieces = []
    for event_type in events["type"].unique():
        mine = (events["type"] == event_type).to_numpy() & placed
        if mine.any():
            pieces.append(_event_piece(frame, at[mine], dates[mine], str(event_type)))
    return pieces
