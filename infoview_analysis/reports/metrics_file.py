"""`save_metrics`: the headline numbers a report notebook writes to `metrics.json`."""

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


def save_metrics(metrics: Mapping[str, Any] | pd.DataFrame, path: str | os.PathLike | None) -> dict:
    """Write headline numbers to `path` as JSON (atomically); no-op when `path` is empty.

    A DataFrame with `metric` and `current` columns (as the headline helpers return) is
    written as {metric: current}. Returns what was written.

    >>> save_metrics({"meetings": np.int64(3), "reply_rate": float("nan")}, "")
    {'meetings': 3, 'reply_rate': None}
    """
    if isinstance(metrics, pd.DataFrame):
        frame = metrics.set_index("metric") if "metric" in metrics else metrics
        metrics = frame["current"].to_dict() if "current" in frame else frame.iloc[:, 0].to_dict()
    plain = _plain(dict(metrics))
    if path:
        write_text_atomically(path, json.dumps(plain, indent=2, sort_keys=True) + "\n")
    return plain
