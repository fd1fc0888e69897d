"""`reports/index.html`: one offline page linking every report with its period and status."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pandas as pd

from infoview_analysis.core.files import write_text_atomically

STATUS_STYLE = {"ok": "#009E73", "failed": "#D55E00", "prepared": "#0072B2"}


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
            }
        )
    columns = ["report", "period", "owner", "status", "started_at", "seconds", "html", "error"]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values(["report", "period", "owner"], ascending=[True, False, True])


def _when(stamp: str) -> str:
    """An ISO time as people read it: 2026-11-27 21:40 (UTC)."""
    return stamp.replace("T", " ")[:16] if stamp else ""


def write_index(root: str | os.PathLike) -> Path:
    """Write `root/index.html` (atomically) and return its path."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    runs = collect_runs(root)
    sections = []
    for report, group in runs.groupby("report", sort=True):
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
                f"<td>{html.escape(run.owner) if run.owner else 'all owners'}</td>"
                f'<td><span class="status" style="background:{colour}">'
                f"{html.escape(run.status)}</span></td>"
                f"<td>{link}</td><td>{html.escape(_when(run.started_at))}</td><td>{seconds}</td>"
                f'<td class="note">{note}</td>'
                "</tr>"
            )
        title = html.escape(report.replace("_", " ").capitalize())
        sections.append(
            f"<h2>{title}</h2><table><thead><tr><th>Period</th><th>Owner</th><th>Status</th>"
            "<th>Report</th><th>Run at (UTC)</th><th>Took</th><th>Note</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
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
</style></head>
<body><h1>infoview reports</h1>
<p>{len(runs)} report run(s). Each link opens a self-contained page (works offline).</p>
{body}
</body></html>
"""
    return write_text_atomically(root / "index.html", page)
