"""`ImportResult`: one owner's merged contacts, events and merge report, written out
as contacts.csv, events.csv and merge_report.json, and read back by the next import."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.model import InterviewLog
from infoview_analysis.core.problem import Problem
from infoview_analysis.core.problems import LogError, file_error
from infoview_analysis.core.spreadsheet_safety import neutralize_frame, restore_formulas
from infoview_analysis.core.vocabulary import CONTACT_COLUMNS, EVENT_COLUMNS
from infoview_analysis.loading.load import frames_to_log

__all__ = ["ImportResult", "read_existing", "CONTACTS_FILE", "EVENTS_FILE", "REPORT_FILE"]

CONTACTS_FILE = "contacts.csv"
EVENTS_FILE = "events.csv"
REPORT_FILE = "merge_report.json"


@dataclass
class ImportResult:
    """Merged contacts and events of one owner, with the merge report.

    `report` has one row per merged contact (`action` 'merged', `key` the rules that
    joined it), per ambiguity left unmerged ('ambiguous') and per reason rows were
    left out ('left_out', with `count`).
    """

    contacts: pd.DataFrame
    events: pd.DataFrame
    report: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)

    def log(self, today: dt.date | None = None) -> InterviewLog:
        """The result as a typed `InterviewLog` (the same checks as `load_log`).

        Parameters
        ----------
        today : datetime.date, optional
            The day dates in the future are checked against.

        Returns
        -------
        InterviewLog

        Examples
        --------
        >>> import tempfile
        >>> contacts, events = read_existing(tempfile.mkdtemp())
        >>> ImportResult(contacts, events, pd.DataFrame()).log().summary()["contacts"]
        0
        """
        return frames_to_log(self.contacts, self.events, origin="(import)", today=today)

    def summary_text(self, per_kind: int = 15) -> str:
        """Readable import summary: counts, merges, ambiguities, rows left out.

        Parameters
        ----------
        per_kind : int
            How many merges and ambiguities are listed.

        Returns
        -------
        str

        Examples
        --------
        >>> from infoview_analysis.importers import batch, merge, records
        >>> people = records.people_frame("a.csv", [2, 3], name=["Ana Ruiz", "ana ruiz"],
        ...                               email=["ana@x.org", "ANA@x.org"])
        >>> print(merge.merge_people(batch.Batch(people=people), "me").summary_text())
        1 contacts, 0 events
          person records read: 2
        merged: 1 contacts from 2 records
          ana-ruiz <- 2 records by email
        """
        lines = [f"{len(self.contacts)} contacts, {len(self.events)} events"]
        for name, value in self.counts.items():
            lines.append(f"  {name}: {value}")
        report = self.report
        merged = report[report["action"] == "merged"]
        if len(merged):
            lines.append(
                f"merged: {len(merged)} contacts from {int(merged['count'].sum())} records"
            )
            for row in merged.head(per_kind).itertuples():
                lines.append(f"  {row.contact_id} <- {row.count} records by {row.key}")
            if len(merged) > per_kind:
                lines.append(f"  ... and {len(merged) - per_kind} more")
        ambiguous = report[report["action"] == "ambiguous"]
        if len(ambiguous):
            lines.append(f"ambiguous, left unmerged: {len(ambiguous)}")
            for row in ambiguous.head(per_kind).itertuples():
                lines.append(f"  {row.key} '{row.name}': {row.detail}")
        out = report[report["action"] == "left_out"]
        if len(out):
            lines.append(f"left out: {int(out['count'].sum())} records")
            for row in out.itertuples():
                lines.append(f"  {row.count:>6}  {row.detail}  [{row.sources}]")
        noted = report[report["action"] == "note"]
        if len(noted):
            lines.append(f"repaired or limited while reading (imported): {len(noted)}")
            for row in noted.head(per_kind * 2).itertuples():
                lines.append(f"  {row.detail}  [{row.sources}]")
            if len(noted) > per_kind * 2:
                lines.append(f"  ... and {len(noted) - per_kind * 2} more in {REPORT_FILE}")
        return "\n".join(lines)

    def write(self, folder: Path | str) -> list[Path]:
        """Write contacts.csv, events.csv and merge_report.json into `folder`.

        Text cells starting with a formula prefix (= + - @ TAB CR) get a leading
        apostrophe (`core.spreadsheet_safety`); the loader takes it off again.

        Each file is written under a temporary hidden name, then renamed, so a reader
        never sees half a file. `load_log(folder)` reads the tables back.

        Parameters
        ----------
        folder : pathlib.Path or str
            Created when missing.

        Returns
        -------
        list of pathlib.Path
            contacts.csv, events.csv and merge_report.json.

        Examples
        --------
        >>> import tempfile
        >>> contacts, events = read_existing(tempfile.mkdtemp())
        >>> [p.name for p in ImportResult(contacts, events, pd.DataFrame()).write(tempfile.mkdtemp())]
        ['contacts.csv', 'events.csv', 'merge_report.json']
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        contacts = self.contacts.copy()
        contacts["added_on"] = pd.to_datetime(contacts["added_on"]).dt.strftime("%Y-%m-%d")
        events = self.events.copy()
        events["date"] = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d %H:%M:%S")
        # People open these in a spreadsheet: formula prefixes are neutralized (and
        # restored by the loader, so load_log reads the same values back).
        contacts = neutralize_frame(contacts[list(CONTACT_COLUMNS)])
        events = neutralize_frame(events[list(EVENT_COLUMNS)])
        written = [
            write_text_atomically(folder / CONTACTS_FILE, contacts.to_csv(index=False)),
            write_text_atomically(folder / EVENTS_FILE, events.to_csv(index=False)),
        ]
        payload = {
            "counts": self.counts,
            "report": json.loads(self.report.to_json(orient="records", force_ascii=False)),
        }
        written.append(
            write_text_atomically(
                folder / REPORT_FILE, json.dumps(payload, indent=1, ensure_ascii=False)
            )
        )
        return written


def read_existing(folder: Path | str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """contacts.csv and events.csv a previous import wrote into `folder` (empty if none).

    Parameters
    ----------
    folder : pathlib.Path or str
        An import's output folder.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Contacts and events, text restored as typed.

    Examples
    --------
    >>> import tempfile
    >>> [len(f) for f in read_existing(tempfile.mkdtemp())]
    [0, 0]
    """
    folder = Path(folder)
    frames = []
    for name, columns in ((CONTACTS_FILE, CONTACT_COLUMNS), (EVENTS_FILE, EVENT_COLUMNS)):
        path = folder / name
        if path.exists():
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise file_error(
                    str(path), f"a table written by infoview import ({exc})", "not_a_table"
                ) from None
            missing = [c for c in ("owner_id", "contact_id") if c not in frame]
            if missing:
                raise LogError(
                    [
                        Problem(
                            str(path),
                            1,
                            missing[0],
                            None,
                            "the columns of an infoview import (" + ", ".join(columns) + ")",
                            kind="missing_column",
                        )
                    ]
                )
            for column in columns:
                frame[column] = (
                    restore_formulas(frame[column]).astype(object).where(frame[column].notna())
                    if column in frame
                    else pd.NA
                )
            frames.append(frame[list(columns)])
        else:
            frames.append(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))
    return frames[0], frames[1]
