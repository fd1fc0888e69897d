"""`reports/index.html`: one offline page linking every report with its key figures.

Beside each report run: its period, owner, status and a few key figures read from its
`metrics.json` (`KEY_FIGURES`). Per-student runs (one report per owner) get one
sortable table per report and period: student, meetings, overdue items, last active
month. Every value is escaped; the page links only report folders with a `run.json`
(never the advisor's confidential action list).
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pandas as pd

from infoview_analysis.core.files import write_text_atomically

# Headings people read; a report without one gets its name in words.
REPORT_TITLES = {
    "network_growth": "Network growth",
    "referral_chains": "Referral chains",
    "followup_conversion": "Follow-up conversion",
    "cohort_outcomes": "Cohort outcomes",
    "explore_network": "Explore your network",
}
STATUS_STYLE = {"ok": "#009E73", "failed": "#D55E00", "prepared": "#0072B2"}
# metrics.json keys shown beside each report, with their labels; rates as percentages.
KEY_FIGURES: dict[str, dict[str, str]] = {
    "network_growth": {
        "new_contacts": "new contacts",
        "meetings": "meetings",
        "total_contacts": "contacts",
    },
    "referral_chains": {"introductions": "introductions", "deepest_chain": "deepest chain"},
    "followup_conversion": {
        "contacted": "contacted",
        "reply_rate": "reply rate",
        "to_do.thank_you": "thank-yous owed",
        "to_do.follow_up": "follow-ups owed",
    },
    "cohort_outcomes": {
        "owners": "students",
        "knowledge_rate": "knowledge rate",
        "career_outcomes_rate": "career outcomes rate",
    },
    "explore_network": {"contacts": "contacts", "edges": "links"},  # nodes would count you too
}
MISSING = "–"


def collect_runs(root: str | os.PathLike) -> pd.DataFrame:
    """Every run.json under `root` as one row (report, period, owner, status, ...).

    >>> collect_runs("/nonexistent").empty
    True
    """
    root = Path(root)
    rows = []
    for run_file in sorted(root.glob("*/*/run.json")) + sorted(root.glob("*/*/*/run.json")):
        try:
            record = json.loads(run_file.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        folder = run_file.parent
        try:
            metrics = json.loads((folder / "metrics.json").read_text())
        except (OSError, json.JSONDecodeError):
            metrics = {}
        rows.append(
            {
                "report": record.get("report", folder.parts[-2]),
                "period": record.get("period", ""),
                "owner": record.get("owner") or "",
                "status": record.get("status", "unknown"),
                "started_at": record.get("started_at", ""),
                "seconds": record.get("duration_seconds"),
                "html": (folder / "report.html").relative_to(root).as_posix()
                if (folder / "report.html").exists()
                else "",
                "error": (record.get("error") or {}).get("evalue", ""),
                "metrics": metrics if isinstance(metrics, dict) else {},
            }
        )
    columns = [
        "report",
        "period",
        "owner",
        "status",
        "started_at",
        "seconds",
        "html",
        "error",
        "metrics",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values(["report", "period", "owner"], ascending=[True, False, True])


def _when(stamp: str) -> str:
    """An ISO time as people read it: 2026-11-27 21:40 (UTC)."""
    return stamp.replace("T", " ")[:16] if stamp else ""


def _number(value: object, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return MISSING
    if key.endswith("rate"):
        return f"{value:.0%}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def key_figures_text(report: str, metrics: dict) -> str:
    """The report's key figures in one escaped line: "students 120 · knowledge rate 84%".

    >>> key_figures_text("cohort_outcomes", {"owners": 120, "knowledge_rate": 0.84,
    ...                                      "career_outcomes_rate": None})
    'students 120 · knowledge rate 84% · career outcomes rate –'
    """
    shown = [
        f"{html.escape(label)} {_number(metrics.get(key), key)}"
        for key, label in KEY_FIGURES.get(report, {}).items()
        if key in metrics
    ]
    return " · ".join(shown)


def student_figures(metrics: dict) -> dict[str, object]:
    """meetings, overdue items and last active month of one per-student run's metrics.

    >>> student_figures({"to_do.meetings": 4, "to_do.thank_you": 1, "to_do.follow_up": 2,
    ...                  "history.2026-09.meetings": 2, "history.2026-10.meetings": 0})
    {'meetings': 4, 'overdue': 3, 'last_activity': '2026-09'}
    """
    meetings = metrics.get("meetings", metrics.get("to_do.meetings"))
    owed = [metrics.get(k) for k in ("to_do.thank_you", "to_do.follow_up")]
    overdue = (
        sum(v for v in owed if isinstance(v, int | float))
        if any(isinstance(v, int | float) for v in owed)
        else None
    )
    active = [
        key.split(".")[1]
        for key, value in metrics.items()
        if key.startswith("history.")
        and key.rsplit(".", 1)[-1] in ("meetings", "new_contacts")
        and isinstance(value, int | float)
        and value > 0
    ]
    return {
        "meetings": meetings,
        "overdue": overdue,
        "last_activity": max(active) if active else None,
    }


SORT_SCRIPT = """<script>
// Sort a table by the clicked column: numbers by data-sort, text as text; no data runs.
document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var up = th.dataset.dir !== "asc"; th.dataset.dir = up ? "asc" : "desc";
    Array.from(body.rows).sort(function (a, b) {
      var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
      return up ? c : -c;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
</script>"""


def _students_table(report: str, group: pd.DataFrame, others: dict | None = None) -> str:
    """One sortable table of a per-student batch: student, meetings, overdue, last active.

    `others` maps (period, owner) to the figures of that student's other reports (the
    growth report's history gives the last active month to a follow-up batch).
    """
    rows = []
    for run in group.itertuples(index=False):
        f = student_figures({**(others or {}).get((run.period, run.owner), {}), **run.metrics})
        link = (
            f'<a href="{html.escape(run.html)}">open</a>' if run.html else html.escape(run.status)
        )

        def cell(value: object, key: str = "") -> str:
            if value is None:
                return f'<td data-sort="-1">{MISSING}</td>'
            text = _number(value, key) if not isinstance(value, str) else value
            return f'<td data-sort="{html.escape(str(value))}">{html.escape(text)}</td>'

        rows.append(
            f'<tr><td data-sort="{html.escape(run.owner)}">{html.escape(run.owner)}</td>'
            f"{cell(f['meetings'])}{cell(f['overdue'])}{cell(f['last_activity'])}"
            f'<td data-sort="{html.escape(run.status)}">{link}</td></tr>'
        )
    period = html.escape(str(group["period"].iloc[0]))
    return (
        f"<h3>{period}: {len(group)} students (click a heading to sort)</h3>"
        '<table class="sortable"><thead><tr><th>Student</th><th>Meetings</th>'
        "<th>Overdue items</th><th>Last active</th><th>Report</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def write_index(root: str | os.PathLike) -> Path:
    """Write `root/index.html` (atomically) and return its path."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    runs = collect_runs(root)
    sections = []
    others: dict[tuple, dict] = {}
    for run in runs[runs["owner"] != ""].itertuples(index=False) if len(runs) else []:
        others.setdefault((run.period, run.owner), {}).update(run.metrics)
    for report, whole in runs.groupby("report", sort=True):
        per_student = whole[whole["owner"] != ""]
        students = [
            _students_table(report, part, others)
            for _, part in per_student.groupby("period", sort=False)
            if len(part) > 1
        ]
        group = whole[
            (whole["owner"] == "")
            | ~whole["period"].isin(
                [p for p, part in per_student.groupby("period") if len(part) > 1]
            )
        ]
        rows = []
        for run in group.itertuples(index=False):
            colour = STATUS_STYLE.get(run.status, "#666")
            link = (
                f'<a href="{html.escape(run.html)}">open</a>'
                if run.html
                else '<span class="muted">no report</span>'
            )
            note = ""
            if run.status == "failed":
                note = html.escape(str(run.error))[:160]
                if run.html:
                    note += " (the link shows the earlier good report)"
            seconds = "" if pd.isna(run.seconds) else f"{run.seconds:.1f} s"
            rows.append(
                "<tr>"
                f"<td>{html.escape(run.period)}</td>"
                f"<td>{html.escape(run.owner) if run.owner else 'everyone'}</td>"
                f'<td><span class="status" style="background:{colour}">'
                f"{html.escape(run.status)}</span></td>"
                f"<td>{link}</td><td>{key_figures_text(report, run.metrics)}</td>"
                f"<td>{html.escape(_when(run.started_at))}</td><td>{seconds}</td>"
                f'<td class="note">{note}</td>'
                "</tr>"
            )
        title = html.escape(REPORT_TITLES.get(report, report.replace("_", " ").capitalize()))
        table = (
            "<table><thead><tr><th>Period</th><th>Owner</th><th>Status</th>"
            "<th>Report</th><th>Key figures</th><th>Run at (UTC)</th><th>Took</th><th>Note</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            if rows
            else ""
        )
        sections.append(f"<h2>{title}</h2>{table}{''.join(students)}")
    body = "".join(sections) or "<p>No reports yet: run <code>infoview report</code>.</p>"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>infoview reports</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1000px;
       margin: 2rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2rem; }}
th, td {{ text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; }}
th {{ background: #f4f4f4; }}
.status {{ color: #fff; border-radius: 4px; padding: 0.1rem 0.45rem; font-size: 0.85rem; }}
.muted, .note {{ color: #666; font-size: 0.85rem; }}
table.sortable th {{ cursor: pointer; }}
</style></head>
<body><h1>infoview reports</h1>
<p>{len(runs)} report run(s). Each link opens a self-contained page (works offline).</p>
{body}
{SORT_SCRIPT}
</body></html>
"""
    return write_text_atomically(root / "index.html", page)


__all__ = [
    "collect_runs",
    "write_index",
    "key_figures_text",
    "student_figures",
    "KEY_FIGURES",
    "REPORT_TITLES",
]
