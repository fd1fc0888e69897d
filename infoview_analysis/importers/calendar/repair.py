"""Repairs of values with one obvious reading, each said so in a note.

Spaces inside date values, lists and RRULE parts, RSCALE=GREGORIAN, an identical
property given twice; a TZID renamed to the file's unique zone name. What has no one
reading (an unknown FREQ, two different DTSTARTs) leaves the event out.
"""

from __future__ import annotations

import re
from collections import defaultdict

from infoview_analysis.importers.calendar.lines import Block, param, split_line
from infoview_analysis.importers.calendar.values import Skip

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")


DATE_PROPS = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RDATE", "EXDATE")
RULE_PROPS = ("RRULE",)
# Properties read once: an identical repeat is dropped, a different one is a problem.
SINGLE_PROPS = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID", "SUMMARY", "STATUS")


def repair_rule(value: str) -> tuple[str, list[str]]:
    """An RRULE value with spaces and RSCALE=GREGORIAN repaired; unknown FREQ refused.

    Parameters
    ----------
    value : str
        An RRULE value as written.

    Returns
    -------
    (str, list of str)
        The repaired rule, and one note per repair.

    Raises
    ------
    Skip
        A part without KEY=value, another RSCALE, no or an unknown FREQ, parts that
        cannot go with the FREQ.

    Examples
    --------
    >>> repair_rule("FREQ=WEEKLY;BYDAY=MO, TU")
    ('FREQ=WEEKLY;BYDAY=MO,TU', ["RRULE BYDAY 'MO, TU' read as MO,TU"])
    """
    notes: list[str] = []
    parts: list[tuple[str, str]] = []
    for piece in value.strip().split(";"):
        if not piece.strip():
            continue
        key, eq, val = piece.partition("=")
        key_c, val_c = re.sub(r"\s+", "", key).upper(), re.sub(r"\s+", "", val)
        if not eq or not key_c:
            raise Skip(f"RRULE '{value}' has a part without KEY=value ('{piece}')")
        if val_c != val:
            notes.append(f"RRULE {key_c} '{val}' read as {val_c}")
        parts.append((key_c, val_c.upper() if key_c != "UNTIL" else val_c))
    rules = dict(parts)
    rscale = rules.pop("RSCALE", None)
    if rscale is not None:
        if rscale != "GREGORIAN":
            raise Skip(f"RRULE RSCALE '{rscale}' (a non-Gregorian calendar) cannot be expanded")
        skip = rules.pop("SKIP", "OMIT")
        notes.append(
            "RRULE RSCALE=GREGORIAN dropped (Gregorian is the default)"
            + (f"; SKIP={skip} ignored" if skip != "OMIT" else "")
        )
    freq = rules.get("FREQ")
    if freq not in FREQS:
        raise Skip(
            f"RRULE FREQ '{freq}' is not one of {', '.join(FREQS)}"
            if freq
            else f"RRULE '{value}' has no FREQ"
        )
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        # RFC 5545: BYWEEKNO only with YEARLY, BYDAY ordinals only with MONTHLY/YEARLY;
        # BYSETPOS picks within one second, minute or hour: nothing meaningful.
        for key in ("BYSETPOS", "BYWEEKNO"):
            if key in rules:
                raise Skip(f"RRULE {key} cannot be used with FREQ={freq}")
        if re.search(r"[0-9]", rules.get("BYDAY", "")):
            raise Skip(
                f"RRULE BYDAY '{rules['BYDAY']}' (numbered days) cannot be used with FREQ={freq}"
            )
    return ";".join(f"{k}={v}" for k, v in rules.items()), notes


def prepare(block: Block, zone_names: dict[str, str]) -> tuple[str, dict, list[str]]:
    """The event's text for icalendar (repaired), its raw values, and repair notes.

    Parameters
    ----------
    block : Block
        The event's lines.
    zone_names : dict of str to str
        TZID -> the file's unique zone name.

    Returns
    -------
    (str, dict, list of str)
        The text, property -> list of (head, value), and the notes.

    Raises
    ------
    Skip
        A date property given twice with different values, or an RRULE refused.

    Examples
    --------
    >>> from infoview_analysis.importers.calendar.lines import split_components
    >>> block = split_components("BEGIN:VEVENT\\nDTSTART:2026 0105\\nEND:VEVENT\\n").events[0]
    >>> text, raw, notes = prepare(block, {})
    >>> raw["DTSTART"], notes
    ([('DTSTART', '20260105')], ["DTSTART '2026 0105' read as 20260105"])
    """
    notes = list(block.notes)
    raw: dict[str, list[tuple[str, str]]] = defaultdict(list)
    out: list[str] = []
    depth = 0
    for _number, line in block.lines:
        name, head, value = split_line(line) or ("", "", "")
        if name == "BEGIN":
            depth += 1
        if name == "END":
            depth -= 1
        if depth != 1 or name in ("BEGIN", "END"):
            out.append(line)  # nested alarms and the BEGIN/END lines are kept as written
            continue
        tzid = param(head, "TZID")
        if tzid is not None and tzid in zone_names:
            head = re.sub(r'(?i);TZID=("[^"]*"|[^;:]*)', f';TZID="{zone_names[tzid]}"', head)
        if name in DATE_PROPS:
            fixed = re.sub(r"\s+", "", value)
            if fixed != value:
                notes.append(f"{name} '{value}' read as {fixed}")
            value = fixed
        elif name in RULE_PROPS:
            value, more = repair_rule(value)
            notes.extend(more)
        if name in SINGLE_PROPS and raw.get(name):
            if raw[name][0][1] == value:
                notes.append(f"{name} given twice with the same value: read once")
                continue
            if name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
                raise Skip(
                    f"{name} given {len(raw[name]) + 1} times with different values "
                    f"('{raw[name][0][1]}', '{value}')"
                )
            notes.append(f"{name} given again ('{value[:40]}'): the first is used")
            continue
        raw[name].append((head, value))
        out.append(f"{head}:{value}")
    return "\r\n".join(out) + "\r\n", raw, notes


__all__ = [
    "FREQS",
    "DATE_PROPS",
    "RULE_PROPS",
    "SINGLE_PROPS",
    "repair_rule",
    "prepare",
]
