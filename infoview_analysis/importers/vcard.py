"""vCard 2.1/3.0/4.0 address books (`.vcf`): one person record per top-level card.

Handled: line folding (CRLF or LF, then a space or TAB), quoted-printable soft line
breaks, parameters in any case (`TYPE=work`, `type=CELL`), quoted parameter values
holding `:` or `;`, escaped `\\,` `\\;` `\\n`, structured N/ORG/ADR, grouped properties
(`item1.TEL`, `item2.URL`), repeated properties (the first N/FN wins, the
preferred e-mail comes first) and an AGENT's embedded card (not a contact of its own;
counted). Cards of KIND group/org/location and cards without a name or e-mail are
left out and counted. The record format is parsed record by record in Python. One bad card never
sinks the file: lines outside cards, an END:VCARD without BEGIN or a missing
END:VCARD are repaired or ignored and said in the notes; a card that cannot be read
is left out and listed. Only a file without any card is an error.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.identity import normalize_email, normalize_linkedin_url
from infoview_analysis.core.problems import file_error
from infoview_analysis.importers.batch import Batch, left_out
from infoview_analysis.importers.exports import read_text_export
from infoview_analysis.importers.records import people_frame


@dataclass
class Property:
    """One content line: `group.NAME;params:value`."""

    group: str | None
    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    def types(self) -> set[str]:
        """The TYPE values of the property, folded (bare parameters and PREF included).

        Returns
        -------
        set of str

        Examples
        --------
        >>> sorted(parse_line("TEL;TYPE=cell,voice;PREF=1:+1 555", 1).types())
        ['cell', 'pref', 'voice']
        """
        out: set[str] = set()
        for v in self.params.get("TYPE", []):
            out.update(t.strip().casefold() for t in v.split(","))
        out.update(k.casefold() for k, v in self.params.items() if v == [""])
        if "PREF" in self.params:
            out.add("pref")
        return out


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the physical line number each starts on.

    Parameters
    ----------
    text : str
        A vCard text.

    Returns
    -------
    list of (int, str)

    Examples
    --------
    >>> unfold("FN:Ana\\n  Ruiz\\nEMAIL:a@x.org\\n")
    [(1, 'FN:Ana Ruiz'), (3, 'EMAIL:a@x.org')]
    """
    out: list[tuple[int, str]] = []
    pending_qp = False
    for number, line in enumerate(text.splitlines(), start=1):
        if out and (line[:1] in (" ", "\t") or pending_qp):
            start, previous = out[-1]
            out[-1] = (start, previous[:-1] + line if pending_qp else previous + line[1:])
        elif line.strip():
            out.append((number, line))
        else:
            continue
        last = out[-1][1]
        pending_qp = "QUOTED-PRINTABLE" in last.split(":", 1)[0].upper() and last.endswith("=")
    return out


def parse_line(line: str, number: int) -> Property | None:
    """Split a content line into group, name, parameters and value (quotes respected).

    Parameters
    ----------
    line : str
        One unfolded content line.
    number : int
        Its line number in the file.

    Returns
    -------
    Property or None
        None for a line without a colon.

    Examples
    --------
    >>> p = parse_line('item1.TEL;type="CELL,VOICE";PREF=1:+1 555', 7)
    >>> p.group, p.name, p.params, p.value
    ('item1', 'TEL', {'TYPE': ['CELL,VOICE'], 'PREF': ['1']}, '+1 555')
    """
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:i], line[i + 1 :]
            break
    else:
        return None
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    if not parts:
        return None
    full = parts[0].strip()
    group, _, name = full.rpartition(".")
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        key = key.strip().upper()
        params.setdefault(key, []).append(val.strip().strip('"') if eq else "")
    return Property(group or None, name.upper(), params, value, number)


def unescape(text: str) -> str:
    r"""vCard text escapes: \n, \,, \;, \\.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> unescape(r"ABC\, Inc.\nLine 2")
    'ABC, Inc.\nLine 2'
    """
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(value: str) -> list[str]:
    r"""Structured value split on unescaped ';', each part unescaped.

    Parameters
    ----------
    value : str
        A structured value such as N or ORG.

    Returns
    -------
    list of str

    Examples
    --------
    >>> components(r"ABC\, Inc.;North American Division;Marketing")
    ['ABC, Inc.', 'North American Division', 'Marketing']
    """
    return [unescape(p) for p in re.split(r"(?<!\\);", value)]


def _decode(prop: Property) -> str:
    encodings = {e.upper() for e in prop.params.get("ENCODING", [])}
    encodings |= {k for k, v in prop.params.items() if v == [""] and k in ("QUOTED-PRINTABLE",)}
    if "QUOTED-PRINTABLE" in encodings:
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        try:
            return quopri.decodestring(prop.value.encode("latin-1", "replace")).decode(
                charset, "replace"
            )
        except LookupError:
            return quopri.decodestring(prop.value.encode("latin-1", "replace")).decode(
                "utf-8", "replace"
            )
    return prop.value


def _card_fields(props: list[Property]) -> dict[str, object]:
    first: dict[str, Property] = {}
    for p in props:
        first.setdefault(p.name, p)
    name = None
    if "FN" in first:
        name = unescape(_decode(first["FN"])).strip() or None
    if name is None and "N" in first:
        family, given, additional = (components(_decode(first["N"])) + ["", "", ""])[:3]
        name = " ".join(x.strip() for x in (given, additional, family) if x.strip()) or None
    emails = [p for p in props if p.name == "EMAIL"]
    emails.sort(key=lambda p: "pref" not in p.types())  # stable: preferred first
    addresses = [unescape(_decode(p)).strip() for p in emails]
    organization = components(_decode(first["ORG"]))[0].strip() or None if "ORG" in first else None
    role = None
    for key in ("TITLE", "ROLE"):
        if key in first:
            role = unescape(_decode(first[key])).strip() or None
            if role:
                break
    location = None
    if "ADR" in first:
        parts = (components(_decode(first["ADR"])) + [""] * 7)[:7]
        location = ", ".join(x.strip() for x in (parts[3], parts[4], parts[6]) if x.strip()) or None
    url = None
    for p in props:
        if p.name in ("URL", "X-SOCIALPROFILE") and "linkedin." in p.value.casefold():
            url = unescape(p.value).strip()
            break
    kind = unescape(first["KIND"].value).strip().casefold() if "KIND" in first else "individual"
    return {
        "name": name,
        "organization": organization,
        "role": role,
        "location": location,
        "emails": addresses,
        "linkedin_url": url,
        "kind": kind,
        "agents": sum(1 for p in props if p.name == "AGENT" and "BEGIN:VCARD" in p.value.upper()),
    }


def read_vcard(path: Path | str, source: str = "other") -> Batch:
    """People from a `.vcf` file; `_row` is the line where each card begins.

    Parameters
    ----------
    path : pathlib.Path or str
        A `.vcf` file.
    source : str
        The source every contact gets.

    Returns
    -------
    Batch
        One person per top-level card; cards naming nobody left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.vcf"
    >>> _ = f.write_text("BEGIN:VCARD\\nVERSION:3.0\\nN:Ruiz;Ana;;;\\nORG:ABC\\\\, Inc.;R&D\\n"
    ...                  "item1.EMAIL;type=INTERNET:ana@x.org\\nEND:VCARD\\n")
    >>> read_vcard(f).people[["name", "organization", "email"]].values.tolist()
    [['Ana Ruiz', 'ABC, Inc.', 'ana@x.org']]
    """
    path = Path(path)
    file = str(path)
    text = read_text_export(path, "a vCard file (text, BEGIN:VCARD ... END:VCARD)")
    cards: list[tuple[int, list[Property]]] = []
    notes: list[tuple[str, int]] = []
    depth = 0
    current: list[Property] = []
    start = 0
    for number, line in unfold(text):
        prop = parse_line(line, number)
        if prop is None:
            if depth:
                continue  # a stray line inside a card: ignored like any unknown property
            notes.append((f"line '{line[:40]}' outside any card is no vCard line: ignored", number))
            continue
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            if depth == 1 and current and any(p.name in ("FN", "N") for p in current):
                # A second card opens inside a card that already has a name: the first
                # one's END:VCARD is missing (an AGENT card comes inside a value).
                notes.append(("END:VCARD missing: the card ends where the next begins", start))
                cards.append((start, current))
                start, current = number, []
                continue
            depth += 1
            if depth == 1:
                start, current = number, []
            continue
        if prop.name == "END" and prop.value.strip().upper() == "VCARD":
            if depth == 0:
                notes.append(("END:VCARD without BEGIN:VCARD: ignored", number))
                continue
            depth -= 1
            if depth == 0:
                cards.append((start, current))
            continue
        if depth == 1:
            current.append(prop)
    if depth:
        notes.append(("END:VCARD missing at the end of the file", start))
        cards.append((start, current))
    if not cards:
        raise file_error(file, "a vCard file (BEGIN:VCARD ... END:VCARD)", "not_a_table")

    fields = []
    unreadable: list[int] = []
    for line, props in cards:
        try:
            fields.append((line, _card_fields(props)))
        except Exception:  # noqa: BLE001 - one unreadable card never sinks the file
            unreadable.append(line)
    batch = Batch(files=[file])
    not_person = np.array([f["kind"] not in ("individual", "") for _, f in fields], dtype=bool)
    empty = np.array(
        [not f["name"] and not f["emails"] and not f["linkedin_url"] for _, f in fields],
        dtype=bool,
    )
    lines = np.array([line for line, _ in fields], dtype=np.int64)
    batch.left_out = pd.concat(
        [
            left_out(file, "KIND group, org or location (not a person)", lines[not_person]),
            left_out(file, "no name, e-mail or profile URL", lines[empty & ~not_person]),
            left_out(file, "card that cannot be read", np.array(unreadable, dtype=np.int64)),
        ],
        ignore_index=True,
    )
    keep = ~not_person & ~empty
    kept = [f for (_, f), k in zip(fields, keep, strict=True) if k]
    emails = [normalize_email(pd.Series(f["emails"], dtype=object)).dropna().tolist() for f in kept]
    batch.people = people_frame(
        file,
        lines[keep],
        name=[f["name"] for f in kept],
        organization=[f["organization"] for f in kept],
        role=[f["role"] for f in kept],
        location=[f["location"] for f in kept],
        email=[e[0] if e else None for e in emails],
        other_emails=[";".join(e[1:]) if len(e) > 1 else None for e in emails],
        linkedin_url=normalize_linkedin_url(
            pd.Series([f["linkedin_url"] for f in kept], dtype=object)
        ),
        source=source,
    )
    batch.counts["vCards in the file"] = len(cards)
    batch.counts["vCards"] = int(keep.sum())
    if notes:
        frame = pd.DataFrame(notes, columns=["reason", "line"])
        batch.notes = (
            frame.groupby("reason", sort=False)["line"]
            .agg(count="size", rows=lambda v: "line " + ", ".join(str(x) for x in v.head(20)))
            .reset_index()
            .assign(file=file)[["file", "reason", "count", "rows"]]
        )
    agents = sum(int(f["agents"]) for _, f in fields)
    if agents:
        batch.counts["embedded AGENT cards (part of another card, not imported)"] = agents
    return batch


__all__ = ["read_vcard", "unfold", "parse_line", "unescape", "components"]
