"""Participants of an event, matched to known contacts by e-mail, then by exact name.

A name shared by several contacts is listed, never guessed.
"""

from __future__ import annotations

import pandas as pd

from infoview_analysis.core.identity import email_key, normalize_email, normalize_name
from infoview_analysis.importers.calendar.values import as_list


def participants(component) -> list[tuple[str | None, str | None, str]]:
    """(e-mail, CN, role) of the ORGANIZER and ATTENDEEs directly on `component`.

    A participant needs an e-mail address or a CN; DECLINED attendees are left out.

    Parameters
    ----------
    component : icalendar.Component
        A VEVENT.

    Returns
    -------
    list of (str or None, str or None, str)

    Examples
    --------
    >>> import icalendar
    >>> ev = icalendar.Event.from_ical('BEGIN:VEVENT\\r\\nORGANIZER;CN="acme, Ädmin":mailto:A@x.de\\r\\nEND:VEVENT\\r\\n')
    >>> participants(ev)
    [('a@x.de', 'acme, Ädmin', 'organizer')]
    """
    out = []
    for role, prop in (("organizer", "ORGANIZER"), ("attendee", "ATTENDEE")):
        for value in as_list(component.get(prop)):
            params = getattr(value, "params", {})
            if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                continue
            email = email_key(str(value))
            cn = params.get("CN")
            cn = str(cn).strip() if cn else None
            if email is None and not cn:
                continue
            out.append((email, cn or None, role))
    return out


class ContactNames:
    """Contacts by exact normalized name, for attendees without a matching e-mail.

    Parameters
    ----------
    contacts : pandas.DataFrame
        With `name` and optionally `contact_id`.

    Examples
    --------
    >>> names = ContactNames(pd.DataFrame({"name": ["Ana Ruiz", "Bo Li"], "contact_id": ["c1", "c2"]}))
    >>> names.find("ANA RUIZ"), names.find("Ana")
    ([('c1', 'Ana Ruiz')], [])
    """

    def __init__(self, contacts: pd.DataFrame) -> None:
        self.index: dict[str, list[tuple[str | None, str]]] = {}
        if "name" not in contacts or not len(contacts):
            return
        keys = normalize_name(contacts["name"])
        ids = contacts["contact_id"] if "contact_id" in contacts else [None] * len(keys)
        for key, cid, name in zip(keys, ids, contacts["name"], strict=True):
            if pd.isna(key):
                continue
            entry = (None if pd.isna(cid) else str(cid), str(name))
            bucket = self.index.setdefault(str(key), [])
            if entry not in bucket:
                bucket.append(entry)

    def find(self, cn: str | None) -> list[tuple[str | None, str]]:
        """The (contact_id, name) of every contact named `cn` (after `normalize_name`)."""
        if not cn:
            return []
        key = normalize_name(pd.Series([cn])).iloc[0]
        return [] if pd.isna(key) else self.index.get(str(key), [])


def known_emails(contacts: pd.DataFrame) -> set[str]:
    """The normalized e-mail addresses of `contacts` (`email` and ';'-joined `other_emails`).

    Parameters
    ----------
    contacts : pandas.DataFrame

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(known_emails(pd.DataFrame({"email": ["Ana@X.org"], "other_emails": ["b@x.org;c@x.org"]})))
    ['ana@x.org', 'b@x.org', 'c@x.org']
    """
    known: set[str] = set()
    if "email" in contacts:
        known |= set(normalize_email(contacts["email"]).dropna())
    if "other_emails" in contacts:
        more = contacts["other_emails"].astype("string").str.split(";").explode()
        known |= set(normalize_email(more).dropna())
    return known


def match_participants(
    who: list[tuple[str | None, str | None, str]],
    known: set[str],
    by_name: ContactNames,
    file: str,
) -> tuple[dict[str, dict[str, object]], list[str]]:
    """Known contacts among `who` (by merge key), and attendee names shared by several.

    Parameters
    ----------
    who : list of (str or None, str or None, str)
        Participants, as `participants` gives them.
    known : set of str
        Known e-mail addresses (`known_emails`).
    by_name : ContactNames
    file : str
        The file, part of each merge key.

    Returns
    -------
    (dict, list of str)
        Merge key -> the person's e-mail, name (and `_same_as` contact for a name
        match); and one text per name shared by several contacts (not guessed).

    Examples
    --------
    >>> names = ContactNames(pd.DataFrame({"name": ["Bo Li"], "contact_id": ["c7"]}))
    >>> who = [("ana@x.org", "Ana", "attendee"), (None, "Bo Li", "attendee"), (None, "Cy", "attendee")]
    >>> matched, unsure = match_participants(who, {"ana@x.org"}, names, "c.ics")
    >>> sorted(matched), unsure
    (['c.ics#ics-name:c7', 'c.ics#ics:ana@x.org'], [])
    """
    matched: dict[str, dict[str, object]] = {}
    unsure: list[str] = []
    for email, cn, _role in who:
        if email is not None and email in known:
            matched.setdefault(f"{file}#ics:{email}", {"email": email, "name": cn})
            continue
        hits = by_name.find(cn)
        if len(hits) == 1:
            cid, name = hits[0]
            matched.setdefault(
                f"{file}#ics-name:{cid or normalize_name(pd.Series([cn])).iloc[0]}",
                {"email": email, "name": name, "_same_as": cid},
            )
        elif len(hits) > 1:
            ids = ", ".join(str(c) for c, _ in hits)
            unsure.append(f"attendee '{cn}' has the name of {len(hits)} contacts ({ids})")
    return matched, unsure


__all__ = [
    "participants",
    "ContactNames",
    "known_emails",
    "match_participants",
]
