"""The left-out list and the notes of one calendar file: one line per reason."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from infoview_analysis.importers.batch import left_out
from infoview_analysis.importers.calendar.events import Event


def printable(text: str) -> str:
    """Report text without control characters (a terminal escape in a SUMMARY is data).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        At most 400 characters.

    Examples
    --------
    >>> printable("Coffee\\x1b[31m")
    'Coffee?[31m'
    """
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\x9b]", "?", text)
    return text if len(text) <= 400 else text[:397] + "..."


def left_out_frame(
    file: str,
    dropped: dict[str, dict[int, int]],
    emitted: set[int],
    recurring: set[int],
    events: dict[int, Event],
) -> pd.DataFrame:
    """One line per reason: events never imported, a series counted once.

    Occurrences of events that were imported (other occurrences were) are counted in
    the reason's text, not as events left out.

    Parameters
    ----------
    file : str
    dropped : dict
        Reason -> VEVENT number -> occurrences left out for it.
    emitted : set of int
        VEVENTs with at least one meeting imported.
    recurring : set of int
        VEVENTs that are series.
    events : dict of int to Event

    Returns
    -------
    pandas.DataFrame
        The left-out frame of a Batch, with `items` (the VEVENT numbers).

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.events import Event
    >>> f = left_out_frame("c.ics", {"cancelled": {1: 1}}, set(), set(), {1: Event(1, 3, "u1", "Tea")})
    >>> f["reason"].tolist(), f["rows"].tolist()
    (['1 event left out: cancelled'], ["VEVENT 1 (line 3) UID 'u1' 'Tea'"])
    """
    frames = []
    for reason, per_event in dropped.items():
        whole = [n for n in per_event if n not in emitted]
        partial = [n for n in per_event if n in emitted]
        parts = []
        series = [n for n in whole if n in recurring]
        single = [n for n in whole if n not in recurring]
        if series:
            occurrences = sum(per_event[n] for n in series)
            parts.append(f"{len(series)} series ({occurrences} occurrences)")
        if single:
            parts.append(f"{len(single)} event" + ("s" if len(single) > 1 else ""))
        if partial:
            occurrences = sum(per_event[n] for n in partial)
            parts.append(
                f"{occurrences} occurrence{'s' if occurrences > 1 else ''} of "
                f"{len(partial)} imported series"
            )
        shown = []
        for n in (whole + partial)[:12]:
            label = events[n].label()
            if n in recurring:
                label += f" (series, {per_event[n]} occurrence{'s' if per_event[n] > 1 else ''})"
            shown.append(label)
        more = len(whole) + len(partial) - len(shown)
        frame = left_out(file, f"{', '.join(parts)} left out: {reason}", np.array(whole or partial))
        frame["count"] = len(whole)
        frame["rows"] = "; ".join(shown) + (f"; ... and {more} more" if more > 0 else "")
        frame["items"] = [np.asarray(whole, dtype=np.int64)]
        frames.append(frame)
    if not frames:
        return left_out(file, "", np.array([], dtype=np.int64))
    out = pd.concat(frames, ignore_index=True)
    out["reason"] = out["reason"].map(printable)
    out["rows"] = out["rows"].map(printable)
    return out


def notes_frame(
    file: str, file_notes: list[str], notes: dict[str, list[int]], events: dict[int, Event]
) -> pd.DataFrame:
    """One line per note (repairs and limits hit), with the events it concerns.

    Parameters
    ----------
    file : str
    file_notes : list of str
        Notes about the file as a whole.
    notes : dict of str to list of int
        Note -> VEVENT numbers.
    events : dict of int to Event

    Returns
    -------
    pandas.DataFrame
        Columns file, reason, count, rows.

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.events import Event
    >>> f = notes_frame("c.ics", ["a file note"], {"read once": [1, 1]}, {1: Event(1, 3, None, None)})
    >>> f[["reason", "count", "rows"]].values.tolist()
    [['a file note', 0, ''], ['read once', 1, 'VEVENT 1 (line 3)']]
    """
    rows = [{"file": file, "reason": n, "count": 0, "rows": ""} for n in file_notes]
    for note, numbers in notes.items():
        unique = sorted(set(numbers))
        shown = "; ".join(events[n].label() for n in unique[:12])
        rows.append(
            {
                "file": file,
                "reason": note,
                "count": len(unique),
                "rows": shown + (f"; ... and {len(unique) - 12} more" if len(unique) > 12 else ""),
            }
        )
    frame = pd.DataFrame(rows, columns=["file", "reason", "count", "rows"])
    frame["reason"] = frame["reason"].map(printable)
    frame["rows"] = frame["rows"].map(printable)
    return frame.astype({"count": "int64"})


__all__ = [
    "printable",
    "left_out_frame",
    "notes_frame",
]
