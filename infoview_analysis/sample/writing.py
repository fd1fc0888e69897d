"""Logs written as CSV files, byte-reproducibly; the sample data the project ships."""

from __future__ import annotations

from pathlib import Path

from infoview_analysis.core.files import replace_atomically
from infoview_analysis.core.model import InterviewLog
from infoview_analysis.sample.generation import generate

__all__ = ["write_log", "write_samples"]


def write_log(log: InterviewLog, folder: str | Path, roster: bool = True) -> list[Path]:
    """Write a log as `contacts.csv`, `events.csv` (and `roster.csv`), byte-reproducibly.

    Parameters
    ----------
    log : InterviewLog
        The log to write.
    folder : str or pathlib.Path
        Created when missing.
    roster : bool
        Write `roster.csv` too.

    Returns
    -------
    list of pathlib.Path
        contacts.csv, events.csv (and roster.csv), in that order.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in write_log(generate(owners=2, seed=3), tempfile.mkdtemp())]
    ['contacts.csv', 'events.csv', 'roster.csv']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [
        (folder / "contacts.csv", log.contacts, {"added_on": "%Y-%m-%d"}),
        (folder / "events.csv", log.events, {"date": "%Y-%m-%d %H:%M"}),
    ]
    if roster:
        outputs.append((folder / "roster.csv", log.owners, {"outcome_date": "%Y-%m-%d"}))
    written = []
    for path, frame, date_formats in outputs:
        frame = frame.copy()
        for column, fmt in date_formats.items():
            frame[column] = frame[column].dt.strftime(fmt)
        written.append(
            replace_atomically(
                path, lambda tmp, f=frame: f.to_csv(tmp, index=False, lineterminator="\n")
            )
        )
    return written


def write_samples(folder: str | Path = "data/sample") -> dict[str, list[Path]]:
    """The sample data that ships with the project: a personal log and a cohort.

    Parameters
    ----------
    folder : str or pathlib.Path
        Gets `personal/` and `cohort/`.

    Returns
    -------
    dict
        'personal' and 'cohort' -> the files written.

    Examples
    --------
    >>> import tempfile
    >>> {k: len(v) for k, v in write_samples(tempfile.mkdtemp()).items()}
    {'personal': 2, 'cohort': 3}
    """
    folder = Path(folder)
    personal = generate(owners=1, contacts_per_owner=30, seed=20261, owner_ids=["me"])
    cohort = generate(owners=120, contacts_per_owner=30, seed=20262)
    return {
        "personal": write_log(personal, folder / "personal", roster=False),
        "cohort": write_log(cohort, folder / "cohort"),
    }
