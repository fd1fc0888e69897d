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


__all__ = ["key_figures", "save_metrics"]
