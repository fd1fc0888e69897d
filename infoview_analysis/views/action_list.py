"""The advisor's action list: confidential, student by student, never published.

A cohort report is publishable and holds no student-level rows. What an advisor acts
on — which students to reach out to, with their names and e-mails from the roster,
their overdue thank-yous and follow-ups, last meeting, meetings and outcome — goes
here instead, as an Excel workbook and an HTML page marked CONFIDENTIAL, written
beside (never linked from) the reports. Contact names, e-mails and notes of the
students' own contacts never appear: only counts.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.model import InterviewLog
from infoview_analysis.views.cohort import students_to_contact

ACTION_COLUMNS: tuple[str, ...] = (
    "owner_id",
    "name",
    "email",
    "cohort",
    "program",
    "advisor",
    "outcome",
    "meetings",
    "last_meeting",
    "days_since_meeting",
    "overdue_thank_you",
    "overdue_follow_up",
    "last_activity",
)
NOT_KNOWN = "not known yet"  # no roster outcome, or one dated after the as-of date
CONFIDENTIAL = "CONFIDENTIAL — student-level data for the advisor only. Do not publish or forward."


def student_directory(path: str | os.PathLike) -> pd.DataFrame:
    """Student names and e-mails from a roster file (CSV, XLSX, Parquet): owner_id, name, email.

    Headers are matched like the loader's (Student ID, Full Name, E-mail, ...). A
    roster without a name or e-mail column gives that column empty.

    Parameters
    ----------
    path : str or os.PathLike
        A roster file.

    Returns
    -------
    pandas.DataFrame
        Columns owner_id, name, email.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = p.write_text("Student ID,Full Name,E-mail\\ns1,Ana Ruiz,ana@uni.edu\\n")
    >>> student_directory(p).values.tolist()
    [['s1', 'Ana Ruiz', 'ana@uni.edu']]
    """
    from infoview_analysis.core.vocabulary import HEADER_SYNONYMS, header_key
    from infoview_analysis.loading.reading import read_any

    wanted = ("owner_id", "name", "email")

    def role(header: str) -> str | None:
        key = header_key(header)
        return next((w for w in wanted if key in HEADER_SYNONYMS[w]), None)

    frames = []
    for table in read_any(Path(path), lambda h: role(h) is not None):
        columns = {}
        for position, header in enumerate(table.headers):
            found = role(header)
            if found and found not in columns:
                columns[found] = table.frame.iloc[:, position]
        if "owner_id" in columns:
            frames.append(pd.DataFrame({w: columns.get(w) for w in wanted}))
    if not frames:
        return pd.DataFrame(columns=list(wanted), dtype=object)
    out = pd.concat(frames, ignore_index=True).astype(object)
    out = out.where(out.notna(), None)
    out["owner_id"] = out["owner_id"].astype(str).str.strip()
    return out.drop_duplicates("owner_id").reset_index(drop=True)


def action_list(
    log: InterviewLog,
    as_of: pd.Timestamp | str,
    quiet_days: int = 30,
    directory: pd.DataFrame | None = None,
    thank_days: int = 2,
    follow_days: int = 30,
) -> dict[str, pd.DataFrame]:
    """The advisor's two tables as of `as_of`: "Reach out" and "All students".

    "Reach out": students still seeking (or outcome unknown) with no meeting in
    `quiet_days`, longest quiet first (`views.cohort.students_to_contact`). "All
    students": everyone, most overdue items first. Columns `ACTION_COLUMNS`; `name`
    and `email` come from `directory` (`student_directory`), empty without it.

    Parameters
    ----------
    log, as_of, quiet_days
        As for `views.cohort.students_to_contact` (the "Reach out" rule).
    directory : pandas.DataFrame, optional
        `student_directory` output.
    thank_days, follow_days : int
        When thank-yous and follow-ups are due.

    Returns
    -------
    dict
        "Reach out" and "All students" -> table.

    Examples
    --------
    >>> from infoview_analysis.sample import generate
    >>> t = action_list(generate(owners=6, seed=1), "2026-10-01")
    >>> list(t), list(t["All students"].columns) == list(ACTION_COLUMNS)
    (['Reach out', 'All students'], True)
    """
    from infoview_analysis.metrics.conversion import overdue

    as_of = pd.Timestamp(as_of)
    cut = log.as_of(as_of)
    owners = cut.owners.assign(owner_id=cut.owners["owner_id"].astype(str))
    table = owners[["owner_id", "cohort", "program", "advisor", "outcome"]].set_index("owner_id")
    ev = cut.events.assign(owner_id=cut.events["owner_id"].astype(str))
    meetings = ev[ev["type"] == "meeting"].groupby("owner_id")["date"]
    table["meetings"] = meetings.size().reindex(table.index).fillna(0).astype(np.int64)
    table["last_meeting"] = meetings.max().reindex(table.index)
    days = (as_of - table["last_meeting"]).dt.days
    table["days_since_meeting"] = days.astype("Int64")
    todo = overdue(log, as_of, thank_days, follow_days)
    todo = todo.assign(owner_id=todo["owner_id"].astype(str))
    owed = pd.crosstab(todo["owner_id"], todo["owed"]) if len(todo) else pd.DataFrame()
    for kind in ("thank_you", "follow_up"):
        column = owed[kind] if kind in owed else pd.Series(dtype=np.int64)
        table[f"overdue_{kind}"] = column.reindex(table.index).fillna(0).astype(np.int64)
    table["last_activity"] = ev.groupby("owner_id")["date"].max().reindex(table.index)
    people = directory if directory is not None else pd.DataFrame(columns=["owner_id"])
    people = people.assign(owner_id=people["owner_id"].astype(str)).set_index("owner_id")
    for column in ("name", "email"):
        table[column] = people[column].reindex(table.index) if column in people else None
    table["outcome"] = table["outcome"].astype(object).fillna(NOT_KNOWN)
    table = table.reset_index()[list(ACTION_COLUMNS)]
    reach = students_to_contact(log, as_of, quiet_days)["owner_id"].astype(str)
    order = {o: i for i, o in enumerate(reach)}
    first = table[table["owner_id"].isin(order)].copy()
    first = first.iloc[np.argsort(first["owner_id"].map(order).to_numpy(), kind="stable")]
    everyone = table.assign(_owed=table["overdue_thank_you"] + table["overdue_follow_up"])
    everyone = everyone.sort_values(["_owed", "owner_id"], ascending=[False, True])
    return {
        "Reach out": first.reset_index(drop=True),
        "All students": everyone.drop(columns="_owed").reset_index(drop=True),
    }


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return html.escape(str(value))


def action_list_html(tables: dict[str, pd.DataFrame], title: str) -> str:
    """A self-contained HTML page, CONFIDENTIAL on top, every value escaped, no links.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        `action_list` output.
    title : str
        The page's title.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> page = action_list_html({"Reach out": pd.DataFrame({"name": ["<b>x</b>"]})}, "T")
    >>> "CONFIDENTIAL" in page, "<b>x</b>" in page, "&lt;b&gt;x&lt;/b&gt;" in page
    (True, False, True)
    """
    sections = []
    for name, frame in tables.items():
        head = "".join(f"<th>{html.escape(str(c).replace('_', ' '))}</th>" for c in frame.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False)
        )
        empty = "" if len(frame) else "<p>Nobody on this list.</p>"
        sections.append(
            f"<h2>{html.escape(name)} ({len(frame)})</h2>{empty}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CONFIDENTIAL — {html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }}
.confidential {{ background: #C00000; color: #fff; padding: 0.6rem 1rem; font-weight: bold; }}
table {{ border-collapse: collapse; margin-bottom: 2rem; font-size: 0.9rem; }}
th, td {{ padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; }}
th {{ background: #f4f4f4; }}
</style></head>
<body><div class="confidential">{html.escape(CONFIDENTIAL)}</div>
<h1>{html.escape(title)}</h1>
{"".join(sections)}
</body></html>
"""


def write_action_list(
    tables: dict[str, pd.DataFrame], folder: str | os.PathLike, stem: str, title: str
) -> list[Path]:
    """Write `<stem>.xlsx` and `<stem>.html` (both marked confidential) into `folder`.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        `action_list` output.
    folder : str or os.PathLike
        Where to write.
    stem : str
        The file name without suffix.
    title : str
        The title of both files.

    Returns
    -------
    list of pathlib.Path
        The .xlsx and the .html.

    Examples
    --------
    >>> import tempfile
    >>> from infoview_analysis.sample import generate
    >>> tables = action_list(generate(owners=3, seed=1), "2026-11-01")
    >>> [p.name for p in write_action_list(tables, tempfile.mkdtemp(), "actions", "Actions")]
    ['actions.xlsx', 'actions.html']
    """
    from infoview_analysis.views.workbook import write_workbook

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    book = write_workbook(tables, folder / f"{stem}.xlsx", title, confidential=True)
    page = write_text_atomically(folder / f"{stem}.html", action_list_html(tables, title))
    return [book, page]


__all__ = [
    "action_list",
    "action_list_html",
    "student_directory",
    "write_action_list",
    "ACTION_COLUMNS",
    "CONFIDENTIAL",
]
