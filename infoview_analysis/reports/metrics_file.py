"""`save_metrics`: the figures a report notebook writes to `metrics.json`.

Each report saves its headline (this period and the previous one) and the key figures
of its tables, so that re-running a past period later, with more data, can be checked
to give the same file.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from infoview_analysis.core.files import write_text_atomically


def _plain(value: Any) -> Any:
    """JSON-safe plain Python: numpy scalars unwrapped, NaN/NA as null, dates as ISO text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Timestamp | pd.Period):
        return str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _table_figures(name: str, table: pd.DataFrame | Mapping[str, Any]) -> dict[str, Any]:
    """`name.row.column` (or `name.key` for a mapping) for every number in a table."""
    if isinstance(table, Mapping):
        return {f"{name}.{key}": value for key, value in table.items()}
    numeric = table.select_dtypes(include=["number", "bool"])
    out: dict[str, Any] = {}
    # A handful of rows (key figures, not data); to_dict keeps each column's type.
    for row, values in numeric.to_dict("index").items():
        label = ".".join(map(str, row)) if isinstance(row, tuple) else str(row)
        out.update({f"{name}.{label}.{column}": value for column, value in values.items()})
    return out


def key_figures(
    headline: Mapping[str, Any] | pd.DataFrame,
    **tables: pd.DataFrame | Mapping[str, Any],
) -> dict[str, Any]:
    """The figures a report shows, flat: headline first, then each named table.

    A headline DataFrame (`metric`, `current`, `previous`, as `views.headlines`
    returns) gives `{metric: current}` and `{"previous.<metric>": previous}`. Each
    table adds `<name>.<row>.<column>` for its numeric cells (row = the index label, so
    index a table by its key first) and a mapping adds `<name>.<key>`.

    Parameters
    ----------
    headline : DataFrame or mapping
        The report's headline.
    **tables : DataFrame or mapping
        Further figures the report prints, by name.

    Returns
    -------
    dict
        Plain figures, unsorted.

    Examples
    --------
    >>> h = pd.DataFrame({"metric": ["met"], "current": [3], "previous": [1]})
    >>> t = pd.DataFrame({"met": [2, 1]}, index=pd.Index(["alumni", "cold"], name="source"))
    >>> key_figures(h, by_source=t)
    {'met': 3, 'previous.met': 1, 'by_source.alumni.met': 2, 'by_source.cold.met': 1}
    """
    if isinstance(headline, pd.DataFrame):
        frame = headline.set_index("metric") if "metric" in headline else headline
        column = "current" if "current" in frame else frame.columns[0]
        figures = frame[column].to_dict()
        if "previous" in frame:
            figures.update({f"previous.{k}": v for k, v in frame["previous"].items()})
    else:
        figures = dict(headline)
    for name, table in tables.items():
        figures.update(_table_figures(name, table))
    return figures


def growth_figures(
    headline: pd.DataFrame, history: pd.DataFrame, by_source: pd.DataFrame
) -> dict[str, Any]:
    """The network_growth report's figures: headline, history, this period by source.

    `history` and `by_source` are `growth.network_growth` tables (the latter with
    `by="source"`); the period is the history's last.

    >>> h = pd.DataFrame({"metric": ["new_contacts"], "current": [2], "previous": [1]})
    >>> hist = pd.DataFrame({"period": pd.period_range("2026-09", periods=2, freq="M"),
    ...                      "new_contacts": [1, 2]})
    >>> src = hist.assign(source="alumni", new_via_referral=0)
    >>> growth_figures(h, hist, src)["new_by_source.alumni.new_contacts"]
    2
    """
    last = history["period"].iloc[-1] if len(history) else None
    now = by_source[by_source["period"] == last].set_index("source")
    return key_figures(
        headline,
        history=history.set_index("period"),
        new_by_source=now[["new_contacts", "new_via_referral"]],
    )


def referral_figures(
    headline: pd.DataFrame, chains: pd.DataFrame, roots: pd.DataFrame, problems: pd.DataFrame
) -> dict[str, Any]:
    """The referral_chains report's figures: headline, chain counts, top roots by rank.

    Roots are keyed by rank (1, 2, ...), never by name or contact id.

    >>> h = pd.DataFrame({"metric": ["introductions"], "current": [1], "previous": [0]})
    >>> chains = pd.DataFrame({"depth": pd.array([1, 2, None], dtype="Int64")})
    >>> roots = pd.DataFrame({"root": ["c1"], "descendants": [1]})
    >>> f = referral_figures(h, chains, roots, pd.DataFrame())
    >>> f["chains.introduced"], f["top_roots.1.descendants"]
    (1, 1)
    """
    ranked = roots.select_dtypes("number").set_axis(range(1, len(roots) + 1))
    counts = {
        "contacts": len(chains),
        "introduced": int((chains["depth"] > 1).sum()),
        "to_fix": len(problems),
    }
    return key_figures(headline, chains=counts, top_roots=ranked)


def conversion_figures(
    headline: pd.DataFrame,
    stages: pd.DataFrame,
    by_source: pd.DataFrame,
    effect: pd.DataFrame,
    todo: pd.DataFrame,
) -> dict[str, Any]:
    """The followup_conversion report's figures: headline, the period's funnel, the
    funnel by source, the follow-up effect and the to-do counts.

    >>> h = pd.DataFrame({"metric": ["met"], "current": [1], "previous": [0]})
    >>> todo = pd.DataFrame({"owed": ["thank_you"]})
    >>> effect = pd.DataFrame({"thanked": [False], "followed_up": [False], "threads": [1]})
    >>> f = conversion_figures(h, pd.DataFrame({"met": [1]}),
    ...                        pd.DataFrame({"source": ["alumni"], "met": [1]}), effect, todo)
    >>> f["to_do.thank_you"], f["followup.False.False.threads"]
    (1, 1)
    """
    owed = todo["owed"].astype(object)
    to_do = {
        "meetings": int(todo.attrs.get("meetings", 0)),
        "thank_you": int((owed == "thank_you").sum()),
        "follow_up": int((owed == "follow_up").sum()),
    }
    return key_figures(
        headline,
        funnel=stages,
        by_source=by_source.set_index("source"),
        followup=effect.set_index(["thanked", "followed_up"]),
        to_do=to_do,
    )


def save_metrics(
    metrics: Mapping[str, Any] | pd.DataFrame,
    path: str | os.PathLike | None,
    **tables: pd.DataFrame | Mapping[str, Any],
) -> dict:
    """Write a report's figures to `path` as JSON (atomically); no-op when `path` is empty.

    `metrics` and `tables` are flattened by `key_figures` (headline current and
    previous values, then `<table>.<row>.<column>`). Returns what was written.

    >>> save_metrics({"meetings": np.int64(3), "reply_rate": float("nan")}, "")
    {'meetings': 3, 'reply_rate': None}
    """
    plain = _plain(key_figures(metrics, **tables))
    if path:
        write_text_atomically(path, json.dumps(plain, indent=2, sort_keys=True) + "\n")
    return plain


__all__ = [
    "conversion_figures",
    "growth_figures",
    "key_figures",
    "referral_figures",
    "save_metrics",
]
