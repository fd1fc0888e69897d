"""Content lines of an iCalendar text, and the text split into its VEVENTs and VTIMEZONEs.

Missing END lines and stray lines are noted on the component they belong to, never fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the physical line number each starts on.

    Parameters
    ----------
    text : str
        An iCalendar text.

    Returns
    -------
    list of (int, str)

    Examples
    --------
    >>> unfold("BEGIN:VEVENT\\r\\nSUMMARY:Coffee\\r\\n  with Ana\\r\\nEND:VEVENT")
    [(1, 'BEGIN:VEVENT'), (2, 'SUMMARY:Coffee with Ana'), (4, 'END:VEVENT')]
    """
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if out and line[:1] in (" ", "\t"):
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif line.strip():
            out.append((number, line))
    return out


def split_line(line: str) -> tuple[str, str, str] | None:
    """(NAME, head with parameters, value) of a content line; quotes respected.

    Parameters
    ----------
    line : str
        One unfolded content line.

    Returns
    -------
    tuple of str, or None
        None for a line without a colon.

    Examples
    --------
    >>> split_line('ATTENDEE;CN="Ruiz: Ana":mailto:a@x.org')
    ('ATTENDEE', 'ATTENDEE;CN="Ruiz: Ana"', 'mailto:a@x.org')
    """
    quoted = False
    fast = line.find(":") if '"' not in line else -2  # no quotes: the first colon
    if fast == -1:
        return None
    for i, ch in enumerate(line) if fast < 0 else [(fast, ":")]:
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head = line[:i]
            name = head.split(";", 1)[0].strip().upper()
            if not name or not re.fullmatch(r"[A-Z0-9-]+", name):
                return None
            return name, head, line[i + 1 :]
    return None


def param(head: str, key: str) -> str | None:
    """A parameter's value in a content line's head (quotes removed), or None.

    Parameters
    ----------
    head : str
        The part of a content line before the value's colon.
    key : str
        The parameter's name, any case.

    Returns
    -------
    str or None

    Examples
    --------
    >>> param('DTSTART;TZID="Europe/Berlin"', "tzid")
    'Europe/Berlin'
    """
    match = re.search(rf'(?i);{key}=("[^"]*"|[^;:]*)', head)
    return match.group(1).strip('"') if match else None


@dataclass
class Block:
    """The lines of one top-level component (VEVENT or VTIMEZONE)."""

    kind: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Split:
    """A calendar text split into components.

    Attributes
    ----------
    events : list of Block
        The VEVENTs, in file order.
    zones : dict of str to Block
        The VTIMEZONEs by TZID (the first definition of each).
    notes : list of str
        Notes about the file as a whole.
    is_calendar : bool
        Whether the text holds a calendar at all.
    """

    events: list[Block]
    zones: dict[str, Block]
    notes: list[str]
    is_calendar: bool


def split_components(text: str) -> Split:
    """The VEVENTs and VTIMEZONEs of a calendar text, whatever their order.

    Parameters
    ----------
    text : str
        An iCalendar text.

    Returns
    -------
    Split

    Examples
    --------
    >>> s = split_components("BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nUID:1\\nEND:VCALENDAR\\n")
    >>> len(s.events), s.events[0].notes, s.is_calendar
    (1, ['END:VEVENT missing: it ends at line 4'], True)
    """
    events: list[Block] = []
    zones: dict[str, Block] = {}
    notes: list[str] = []
    is_calendar = False
    current: Block | None = None

    def close(block: Block, why: str | None) -> None:
        if why:
            block.notes.append(why)
        for name in reversed(block.stack):
            block.lines.append((block.lines[-1][0], f"END:{name}"))
        block.stack.clear()
        if block.kind == "VEVENT":
            events.append(block)
        elif block.kind == "VTIMEZONE":
            tzid = None
            for _, text_line in block.lines:
                parts = split_line(text_line)
                if parts and parts[0] == "TZID":
                    tzid = parts[2].strip()
                    break
            if tzid is None:
                notes.append(f"VTIMEZONE at line {block.line} has no TZID: ignored")
            elif tzid in zones:
                same = [ln for _, ln in zones[tzid].lines] == [ln for _, ln in block.lines]
                notes.append(
                    f"VTIMEZONE '{tzid}' defined again at line {block.line}"
                    + ("" if same else " with other rules")
                    + f": the first definition (line {zones[tzid].line}) is used"
                )
            else:
                zones[tzid] = block

    for number, line in unfold(text):
        parts = split_line(line)
        name = parts[0] if parts else None
        value = parts[2].strip().upper() if parts else ""
        if name == "BEGIN" and value == "VCALENDAR":
            is_calendar = True
            if current is not None:
                close(current, f"END:{current.kind} missing: it ends at line {number}")
                current = None
            continue
        if current is None:
            if name == "BEGIN":
                current = Block(value, number, [(number, line)], [value])
            continue  # calendar properties and stray END lines outside components
        if name == "BEGIN":
            if value in ("VEVENT", "VTIMEZONE") and current.kind == "VEVENT":
                close(current, f"END:VEVENT missing: the event ends where line {number} begins")
                current = Block(value, number, [(number, line)], [value])
                continue
            current.stack.append(value)
            current.lines.append((number, line))
            continue
        if name == "END":
            if value == "VCALENDAR":
                close(current, f"END:{current.kind} missing: it ends at line {number}")
                current = None
            elif value in current.stack:
                while current.stack[-1] != value:
                    current.notes.append(f"END:{current.stack[-1]} missing before line {number}")
                    current.lines.append((number, f"END:{current.stack.pop()}"))
                current.stack.pop()
                current.lines.append((number, line))
                if not current.stack:
                    close(current, None)
                    current = None
            else:
                current.notes.append(f"line {number} '{line[:40]}' closes nothing: ignored")
            continue
        if parts is None:
            current.notes.append(f"line {number} '{line[:40]}' is no NAME:value line: ignored")
            continue
        current.lines.append((number, line))
    if current is not None:
        close(current, f"END:{current.kind} missing at the end of the file")
    blocks = [b for b in events if b.kind == "VEVENT"]
    return Split(blocks, zones, notes, is_calendar or bool(blocks))


__all__ = [
    "unfold",
    "split_line",
    "param",
    "Block",
    "Split",
    "split_components",
]
