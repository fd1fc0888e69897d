"""The `Batch` every importer returns: records, left-out rows and notes, combined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import empty_frame
from infoview_analysis.importers.records import (
    empty_event_records,
    empty_people,
    people_frame,
)

__all__ = [
    "Batch",
    "empty_left_out",
    "combine",
    "left_out",
    "kept_people",
]


def empty_left_out() -> pd.DataFrame:
    """No left-out lines, with the columns of `left_out`.

    Returns
    -------
    pandas.DataFrame
        Columns file, reason, count, rows, items.

    Examples
    --------
    >>> list(empty_left_out().columns)
    ['file', 'reason', 'count', 'rows', 'items']
    """
    columns = ("file", "reason", "count", "rows", "items")
    return empty_frame(columns, {c: "int64" if c == "count" else object for c in columns})


@dataclass
class Batch:
    """What one importer read from one file, before people are merged.

    `people`: one record per person mention (`_key` ties events to it; `_file` and
    `_row` say where it came from). `events`: interactions with those people.
    `left_out`: rows not imported, counted per (file, reason), with row numbers.
    `notes`: what was repaired or limited while reading (same columns: the note in
    `reason`, how many records it concerns in `count`, which in `rows`).
    `counts`: extra tallies for the import summary.

    Person records may name `_same_as` (the `contact_id` of a contact already in the
    output folder that the record is known to be) and `_referred_key` (the `_key` of
    the record of whoever introduced them).

    >>> Batch().summary_line()
    '0 people, 0 events, 0 rows left out'
    """

    people: pd.DataFrame = field(default_factory=empty_people)
    events: pd.DataFrame = field(default_factory=empty_event_records)
    left_out: pd.DataFrame = field(default_factory=empty_left_out)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    notes: pd.DataFrame = field(default_factory=empty_left_out)

    def summary_line(self) -> str:
        """People, events and rows left out, counted in one line.

        Returns
        -------
        str
            For the import summary, one line per reader.

        Examples
        --------
        >>> Batch(people=people_frame("a.csv", np.array([2]), name=["Ana"])).summary_line()
        '1 people, 0 events, 0 rows left out'
        """
        dropped = int(self.left_out["count"].sum()) if len(self.left_out) else 0
        return f"{len(self.people)} people, {len(self.events)} events, {dropped} rows left out"

    def __add__(self, other: Batch) -> Batch:
        return Batch(
            _concat([self.people, other.people], empty_people()),
            _concat([self.events, other.events], empty_event_records()),
            _concat([self.left_out, other.left_out], empty_left_out()),
            {
                k: self.counts.get(k, 0) + other.counts.get(k, 0)
                for k in {**self.counts, **other.counts}
            },
            self.files + other.files,
            _concat([self.notes, other.notes], empty_left_out()),
        )


def _concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty
    return pd.concat(frames, ignore_index=True)


def combine(batches: Sequence[Batch]) -> Batch:
    """All batches as one.

    Parameters
    ----------
    batches : sequence of Batch

    Returns
    -------
    Batch
        People, events, left-out lines and notes concatenated; counts added up.

    Examples
    --------
    >>> combine([Batch(), Batch()]).summary_line()
    '0 people, 0 events, 0 rows left out'
    """
    out = Batch()
    for batch in batches:
        out = out + batch
    return out


def left_out(file: str, reason: str, rows: np.ndarray | Sequence[int]) -> pd.DataFrame:
    """One left-out line: how many rows of `file` were not imported, and why.

    `rows` shows the first 20 row numbers; `items` holds them all.

    Parameters
    ----------
    file : str
        The file as problems name it.
    reason : str
        Why the rows were not imported.
    rows : array of int
        Their spreadsheet row numbers.

    Returns
    -------
    pandas.DataFrame
        One line, or none when `rows` is empty.

    Examples
    --------
    >>> left_out("a.csv", "no name", [3, 5])[["reason", "count", "rows"]].values.tolist()
    [['no name', 2, '3, 5']]
    """
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return empty_left_out()
    shown = ", ".join(str(r) for r in rows[:20]) + (" ..." if rows.size > 20 else "")
    return pd.DataFrame(
        {
            "file": [file],
            "reason": [reason],
            "count": [int(rows.size)],
            "rows": [shown],
            "items": [rows],
        }
    )


def kept_people(
    file: str,
    rows: np.ndarray,
    keep: np.ndarray,
    reason: str,
    count: str,
    listed: pd.DataFrame | None = None,
    **columns: object,
) -> Batch:
    """A batch of the person rows to `keep`; the others are counted as left out for `reason`.

    Column values are positional (arrays or Series) and filtered by `keep`; a string is
    one value for every row. `count` names the tally of kept rows in the summary.
    `listed`: rows already left out for another reason (a left-out frame with `items`);
    they are not counted again under `reason`.

    Parameters
    ----------
    file : str
        The file the rows come from.
    rows : numpy.ndarray
        Their spreadsheet row numbers.
    keep : numpy.ndarray of bool
        The rows that are people.
    reason : str
        Why the other rows are left out.
    count : str
        The summary tally of kept rows.
    listed : pandas.DataFrame, optional
        Rows already left out for another reason.
    **columns
        As for `people_frame`, one value per row of `rows`.

    Returns
    -------
    Batch

    Examples
    --------
    >>> b = kept_people("a.csv", np.array([2, 3]), np.array([True, False]), "no name", "people",
    ...                 name=np.array(["Ana", None], dtype=object))
    >>> b.people["name"].tolist(), b.left_out[["reason", "rows"]].values.tolist(), b.counts
    (['Ana'], [['no name', '3']], {'people': 1})
    """
    batch = Batch(files=[file])
    again = np.zeros(len(rows), dtype=bool)
    if listed is not None and len(listed):
        again = np.isin(rows, np.concatenate([np.asarray(i) for i in listed["items"]]))
    batch.left_out = pd.concat(
        [
            f
            for f in (listed, left_out(file, reason, rows[~keep & ~again]))
            if f is not None and len(f)
        ]
        or [empty_left_out()],
        ignore_index=True,
    )
    batch.people = people_frame(
        file,
        rows[keep],
        **{k: v if v is None or isinstance(v, str) else v[keep] for k, v in columns.items()},
    )
    batch.counts[count] = int(keep.sum())
    return batch
