"""Local time for importers: which zone 'local naive time' means; UTC stamps in it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from infoview_analysis.core.problems import file_error

__all__ = ["local_zone", "utc_to_local"]


def local_zone(tz: str | dt.tzinfo | None = None) -> dt.tzinfo:
    """The time zone that 'local naive time' means: `tz` when given, else the
    machine's (the TZ variable, /etc/timezone, /etc/localtime), else UTC.

    Parameters
    ----------
    tz : str or datetime.tzinfo, optional
        An IANA name or a zone.

    Returns
    -------
    datetime.tzinfo

    Raises
    ------
    LogError
        `tz` names no zone.

    Examples
    --------
    >>> str(local_zone("Europe/Berlin"))
    'Europe/Berlin'
    """
    if isinstance(tz, dt.tzinfo):
        return tz
    names = [tz] if tz else []
    if not tz:
        env = os.environ.get("TZ", "").lstrip(":")
        if env:
            names.append(env)
        with contextlib.suppress(OSError):
            names.append(Path("/etc/timezone").read_text().strip())
        try:
            target = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in target:
                names.append(target.split("zoneinfo/", 1)[1])
        except OSError:
            pass
    for name in names:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            if tz:
                raise file_error(
                    "(option --tz)",
                    "an IANA time zone such as Europe/Berlin",
                    "bad_option",
                    value=name,
                ) from None
    return dt.UTC


def utc_to_local(stamps: pd.Series, tz: dt.tzinfo) -> pd.Series:
    """UTC naive (or aware) timestamps as local naive time in `tz`.

    Parameters
    ----------
    stamps : pandas.Series
        UTC timestamps, naive or aware.
    tz : datetime.tzinfo
        The local zone.

    Returns
    -------
    pandas.Series
        Naive local times, datetime64[ns].

    Examples
    --------
    >>> import zoneinfo
    >>> utc_to_local(pd.Series(pd.to_datetime(["2026-07-01 12:00"])), zoneinfo.ZoneInfo("Europe/Berlin")).tolist()
    [Timestamp('2026-07-01 14:00:00')]
    """
    stamps = pd.to_datetime(stamps)
    if getattr(stamps.dt, "tz", None) is None:
        stamps = stamps.dt.tz_localize("UTC")
    return stamps.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[ns]")
