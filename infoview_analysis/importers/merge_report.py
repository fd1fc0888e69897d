"""The merge report: one row per merged contact, per ambiguity left unmerged, per
reason rows were left out, and per note made while reading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.identity import normalize_name
from infoview_analysis.importers.batch import empty_left_out

__all__ = ["REPORT_COLUMNS", "merge_report"]

REPORT_COLUMNS = ["action", "key", "contact_id", "name", "count", "sources", "detail"]


def _sources(people: pd.DataFrame, recs) -> str:
    part = people.iloc[list(recs)[:8]]
    text = "; ".join(
        f"{Path(str(f)).name} row {r}" for f, r in zip(part["_file"], part["_row"], strict=True)
    )
    return text + (" ..." if len(recs) > 8 else "")


def merge_report(
    people: pd.DataFrame,
    label: np.ndarray,
    final_rules: dict[int, set[str]],
    id_of_label: pd.Series,
    ambiguities: list[pd.DataFrame],
    left: list[pd.DataFrame],
    notes: pd.DataFrame,
) -> pd.DataFrame:
    """The merge report of `merge_people`: what was merged, left apart, left out, noted.

    Parameters
    ----------
    people : pandas.DataFrame
        The person records merged (name, _file, _row).
    label : numpy.ndarray of int
        Each record's final cluster.
    final_rules : dict
        Cluster -> the rules that joined it.
    id_of_label : pandas.Series
        Cluster -> its contact_id.
    ambiguities : list of pandas.DataFrame
        Keys left unmerged (columns key, recs, rule).
    left : list of pandas.DataFrame
        Left-out lines (`batch.left_out`).
    notes : pandas.DataFrame
        Notes made while reading (same columns).

    Returns
    -------
    pandas.DataFrame
        Columns `REPORT_COLUMNS`, one row per merged contact, ambiguity, left-out
        line and note.

    Examples
    --------
    >>> people = pd.DataFrame({"name": ["Ana", "ana"], "_file": "a.csv", "_row": [2, 3]})
    >>> report = merge_report(people, np.array([0, 0]), {0: {"email"}},
    ...                       pd.Series({0: "ana"}), [], [], empty_left_out())
    >>> report[["action", "key", "contact_id", "sources"]].values.tolist()
    [['merged', 'email', 'ana', 'a.csv row 2; a.csv row 3']]
    """
    rows: list[dict[str, object]] = []
    members = pd.Series(np.arange(len(label))).groupby(label).agg(list)
    order = ["same contact (attendee name)", "email", "linkedin_url", "name+organization", "name"]
    for root, recs in members.items():
        if len(recs) < 2:
            continue
        rules = final_rules.get(int(root), set())
        rows.append(
            {
                "action": "merged",
                "key": ", ".join(r for r in order if r in rules),
                "contact_id": id_of_label.get(root),
                "name": people["name"].iloc[recs].dropna().iloc[0]
                if people["name"].iloc[recs].notna().any()
                else None,
                "count": len(recs),
                "sources": _sources(people, recs),
                "detail": f"{len(recs)} records of one person",
            }
        )
    for amb in ambiguities:
        for key, recs, rule in amb[["key", "recs", "rule"]].itertuples(index=False):
            ids = sorted({str(id_of_label.get(label[r])) for r in recs})
            reason = (
                "records share this key but have different profile URLs"
                if rule != "name"
                else "a record with only this name, and several contacts have it"
            )
            rows.append(
                {
                    "action": "ambiguous",
                    "key": rule,
                    "contact_id": ", ".join(ids),
                    "name": key,
                    "count": len(recs),
                    "sources": _sources(people, recs),
                    "detail": reason + "; not merged",
                }
            )
    # Same name, still apart (different organizations, or no shared key).
    name_key = normalize_name(people["name"])
    frame = pd.DataFrame({"key": name_key.to_numpy(object), "root": label}).dropna()
    spread = frame.groupby("key")["root"].nunique()
    listed = {r["name"] for r in rows if r["action"] == "ambiguous"}
    for key in spread[spread > 1].index:
        if key in listed:
            continue
        roots = sorted(frame.loc[frame["key"] == key, "root"].unique())
        rows.append(
            {
                "action": "ambiguous",
                "key": "name",
                "contact_id": ", ".join(str(id_of_label.get(r)) for r in roots),
                "name": key,
                "count": len(roots),
                "sources": _sources(people, [int(r) for r in roots]),
                "detail": "contacts with the same name but no shared e-mail, URL or organization; not merged",
            }
        )
    out_frames = [f for f in left if len(f)]
    outs = pd.concat(out_frames, ignore_index=True) if out_frames else empty_left_out()
    for row in outs.itertuples(index=False):
        rows.append(
            {
                "action": "left_out",
                "key": None,
                "contact_id": None,
                "name": None,
                "count": int(row.count),
                "sources": f"{row.file}: "
                + (f"rows {row.rows}" if str(row.rows)[:1].isdigit() else str(row.rows)),
                "detail": row.reason,
            }
        )
    for row in notes.itertuples(index=False):
        rows.append(
            {
                "action": "note",
                "key": None,
                "contact_id": None,
                "name": None,
                "count": int(row.count),
                "sources": f"{row.file}: {row.rows}" if row.rows else str(row.file),
                "detail": row.reason,
            }
        )
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    report["count"] = report["count"].astype("int64")
    return report
