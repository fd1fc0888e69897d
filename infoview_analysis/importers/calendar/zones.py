"""The file's VTIMEZONE definitions under names that cannot collide with another file's."""

from __future__ import annotations

import hashlib

from infoview_analysis.importers.calendar.lines import Block, split_line


def is_iana(name: str) -> bool:
    """Whether `name` is an IANA time zone (Europe/Berlin), not a file-defined one.

    Parameters
    ----------
    name : str

    Returns
    -------
    bool

    Examples
    --------
    >>> is_iana("Europe/Berlin"), is_iana("Eastern Standard Time")
    (True, False)
    """
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name.strip("/"))
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def unique_zone_names(zones: dict[str, Block]) -> tuple[dict[str, str], str]:
    """A name per file-defined time zone that cannot collide with another file's.

    icalendar caches VTIMEZONE definitions by TZID for the whole process; a name that
    includes a digest of the definition keeps two files' "Eastern" zones apart. An
    IANA name (Europe/Berlin) keeps meaning the IANA zone, whose history is complete
    (exporters often write only the current rules).

    Parameters
    ----------
    zones : dict of str to Block
        The file's VTIMEZONEs by TZID.

    Returns
    -------
    (dict of str to str, str)
        The unique name per TZID, and the renamed definitions' text.

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> s = split_components("BEGIN:VCALENDAR\\nBEGIN:VTIMEZONE\\nTZID:Eastern\\nEND:VTIMEZONE\\nEND:VCALENDAR\\n")
    >>> names, text = unique_zone_names(s.zones)
    >>> names["Eastern"].startswith("Eastern ["), text.splitlines()[1] == f"TZID:{names['Eastern']}"
    (True, True)
    """
    names: dict[str, str] = {}
    texts: list[str] = []
    for tzid, block in zones.items():
        if is_iana(tzid):
            continue
        body = "\r\n".join(ln for _, ln in block.lines)
        digest = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()[:10]
        names[tzid] = f"{tzid} [{digest}]"
        lines = []
        for _, ln in block.lines:
            parts = split_line(ln)
            lines.append(f"TZID:{names[tzid]}" if parts and parts[0] == "TZID" else ln)
        texts.append("\r\n".join(lines))
    return names, "\r\n".join(texts)


__all__ = [
    "is_iana",
    "unique_zone_names",
]
