"""Header spellings: the headers people write for each canonical column and for a wide
tracker's date columns, folded one way, and which column or step a header names."""

from __future__ import annotations

import re

__all__ = [
    "HEADER_SYNONYMS",
    "WIDE_DATE_COLUMNS",
    "header_key",
    "header_column",
    "wide_date_type",
]


def header_key(text: object) -> str:
    """Fold a spreadsheet header to lowercase letters and digits only.

    Parameters
    ----------
    text : object
        A header as written.

    Returns
    -------
    str

    Examples
    --------
    >>> header_key(" Referred-By ")
    'referredby'
    """
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold())


def _keys(*names: str) -> list[str]:
    return [header_key(n) for n in names]


# Header spellings, folded by `header_key`, for each canonical column.
HEADER_SYNONYMS: dict[str, list[str]] = {
    "owner_id": _keys(
        "owner_id", "owner", "student", "student id", "student_id", "seeker", "user", "user id"
    ),
    "contact_id": _keys("contact_id", "contact", "contact id", "person id", "person_id"),
    "name": _keys("name", "full name", "contact name", "person", "who", "contact person"),
    "first_name": _keys("first name", "firstname", "given name"),
    "last_name": _keys("last name", "lastname", "surname", "family name"),
    "organization": _keys(
        "organization", "organisation", "company", "org", "employer", "firm", "company name"
    ),
    "role": _keys("role", "title", "position", "job title", "job", "occupation"),
    "industry": _keys("industry", "sector", "field"),
    "location": _keys("location", "city", "place", "where"),
    "email": _keys("email", "e-mail", "email address", "e-mail address", "mail"),
    "linkedin_url": _keys(
        "linkedin_url", "linkedin", "linkedin url", "linkedin profile", "profile url", "url"
    ),
    "source": _keys(
        "source",
        "how found",
        "how we met",
        "how met",
        "how i found them",
        "connection type",
        "relationship",
        "connection source",
        "lead source",
        "how i know them",
        "how do i know them",
        "how we connected",
        "how connected",
        "met through",
        "met via",
        "how i met",
    ),
    "referred_by": _keys(
        "referred_by",
        "referred by",
        "introduced by",
        "mutual connection",
        "referrer",
        "introducer",
        "intro from",
        "referral from",
        "intro by",
        "introduced through",
        "introduced via",
        "who introduced",
        "who referred",
        "referred through",
    ),
    "added_on": _keys("added_on", "added on", "date added", "connected on", "added"),
    "date": _keys("date", "datetime", "when", "event date", "timestamp", "date time"),
    "type": _keys("type", "event type", "event", "activity", "action", "interaction", "step"),
    "channel": _keys("channel", "medium", "method", "contact method"),
    "duration_min": _keys(
        "duration_min", "duration", "minutes", "duration minutes", "length", "length min"
    ),
    "notes": _keys("notes", "note", "comments", "comment", "details", "summary"),
    "cohort": _keys("cohort", "class year", "class", "grad year", "graduation year", "year"),
    "program": _keys("program", "programme", "major", "degree", "department"),
    "advisor": _keys("advisor", "adviser", "counselor", "counsellor", "career advisor"),
    "outcome": _keys("outcome", "first destination", "destination", "status"),
    "outcome_date": _keys("outcome_date", "outcome date", "destination date"),
}

# Date columns of a wide tracker sheet (one row per contact) and the event each one records.
WIDE_DATE_COLUMNS: dict[str, list[str]] = {
    "research": _keys("research date", "date researched", "researched"),
    "outreach": _keys(
        "date contacted",
        "contacted",
        "contact date",
        "outreach date",
        "date reached out",
        "reached out",
        "first contact",
        "first contacted",
        "initial contact",
        "date emailed",
        "email sent",
        "message sent",
        "outreach",
    ),
    "reply": _keys(
        "response date",
        "reply date",
        "date responded",
        "date replied",
        "replied",
        "responded",
        "response received",
        "reply",
        "response",
        "responded?",
        "heard back",
        "got a reply",
        "reply received",
        "replied on",
    ),
    "scheduled": _keys("scheduled", "date scheduled", "scheduled on", "booked"),
    "meeting": _keys(
        "interview date",
        "meeting date",
        "date met",
        "met",
        "met on",
        "coffee chat date",
        "chat date",
        "call date",
        "informational interview date",
        "info interview date",
        "meeting",
        "coffee chat",
        "date of coffee chat",
        "meeting held",
        "informational interview",
        "call held",
    ),
    "thank_you": _keys(
        "thank you sent",
        "thank you",
        "thank you date",
        "thank-you note",
        "thank you note",
        "date thanked",
        "thanked",
        "thank you note sent",
        "thank you email",
        "thanks sent",
        "ty sent",
        "thank you sent?",
    ),
    "follow_up": _keys(
        "follow up date",
        "follow up",
        "followed up",
        "follow up sent",
        "date followed up",
        "follow-up date",
        "follow up sent?",
        "followed up on",
    ),
    "job_lead": _keys("job lead date", "lead date", "job lead"),
    "application": _keys("application date", "applied", "date applied", "applied on"),
    "interview": _keys("job interview date", "job interview"),
    "offer": _keys("offer date", "offer", "offer received"),
}


def header_column(text: object) -> str | None:
    """The canonical column a spreadsheet header names, or None.

    Parameters
    ----------
    text : object
        A header as written, such as "How We Met".

    Returns
    -------
    str or None
        A canonical column name.

    Examples
    --------
    >>> header_column("How We Met"), header_column("Company")
    ('source', 'organization')
    """
    key = header_key(text)
    for column, keys in HEADER_SYNONYMS.items():
        if key in keys:
            return column
    return None


def wide_date_type(text: object) -> str | None:
    """The event type a wide tracker's date column records, or None.

    Parameters
    ----------
    text : object
        A header as written, such as "Thank You Sent".

    Returns
    -------
    str or None
        One of `EVENT_TYPES`.
        An event type.

    Examples
    --------
    >>> wide_date_type("Thank You Sent")
    'thank_you'
    """
    key = header_key(text)
    for event_type, keys in WIDE_DATE_COLUMNS.items():
        if key in keys:
            return event_type
    return _step_by_words(str(text))


# Words of a tracker's step headers not listed above ("Date I first reached out",
# "When did they reply?"): a step word plus a sign that the column holds a date or a tick.
_STEP_WORDS: dict[str, frozenset[str]] = {
    "outreach": frozenset({"reached", "reachout", "contacted", "outreach", "emailed", "messaged"}),
    "reply": frozenset({"replied", "reply", "response", "responded", "heard"}),
    "scheduled": frozenset({"scheduled", "booked"}),
    "meeting": frozenset({"coffee", "chat", "meeting", "met", "call", "informational"}),
    "thank_you": frozenset({"thank", "thanks", "thanked", "ty"}),
    "follow_up": frozenset({"follow", "followed", "followup"}),
}
_DATE_SIGNS = frozenset({"date", "when", "on", "day", "sent", "done"})
_PAST = frozenset(
    {"contacted", "reached", "emailed", "messaged", "replied", "responded", "met", "thanked"}
    | {"followed", "scheduled", "booked"}
)
_NOT_A_STEP = frozenset(
    {"notes", "comment", "comments", "summary", "details", "status", "outcome", "who"}
    | {"how", "why", "what", "link", "url", "email", "address", "by", "name", "type"}
)


def _step_by_words(text: str) -> str | None:
    words = set(re.split(r"[^0-9a-z]+", text.casefold())) - {""}
    if not words or words & _NOT_A_STEP:
        return None
    dated = bool(words & (_DATE_SIGNS | _PAST)) or text.strip().endswith("?")
    if not dated:
        return None
    for event_type, stems in _STEP_WORDS.items():
        if words & stems:
            return event_type
    return None
