"""The data model of DESIGN.md: columns, vocabularies and the spellings people use for them.

Everything here is plain data plus two small normalizers, so that the loader, the
importers and the sample generator agree on one vocabulary.
"""

from __future__ import annotations

import difflib
import re

__all__ = [
    "SOURCES",
    "EVENT_TYPES",
    "CHANNELS",
    "OUTCOMES",
    "CONTACT_COLUMNS",
    "EVENT_COLUMNS",
    "OWNER_COLUMNS",
    "CONTACT_TEXT_COLUMNS",
    "PERSONAL_COLUMNS",
    "VOCABULARIES",
    "HEADER_SYNONYMS",
    "WIDE_DATE_COLUMNS",
    "VALUE_SYNONYMS",
    "header_key",
    "value_key",
    "normalize_value",
    "suggest_value",
    "header_column",
    "wide_date_type",
]

SOURCES: tuple[str, ...] = (
    "family",
    "friend",
    "professor",
    "alumni",
    "former_employer",
    "coworker",
    "recruiter",
    "career_advisor",
    "industry_leader",
    "linkedin",
    "event",
    "cold",
    "other",
)
EVENT_TYPES: tuple[str, ...] = (
    "research",
    "outreach",
    "reply",
    "scheduled",
    "meeting",
    "thank_you",
    "follow_up",
    "job_lead",
    "application",
    "interview",
    "offer",
)
CHANNELS: tuple[str, ...] = ("email", "linkedin", "phone", "video", "in_person", "event", "other")
# NACE first-destination categories. `employed` and `seeking` (type not recorded) stay
# valid so rosters written before the full list keep loading.
OUTCOMES: tuple[str, ...] = (
    "employed",
    "employed_full_time",
    "employed_part_time",
    "entrepreneur",
    "temporary_contract",
    "freelance",
    "military_service",
    "volunteer_service",
    "continuing_education",
    "seeking",
    "seeking_employment",
    "seeking_continuing_education",
    "not_seeking",
    "unknown",
)

CONTACT_TEXT_COLUMNS: tuple[str, ...] = (
    "name",
    "organization",
    "role",
    "industry",
    "location",
    "email",
    "linkedin_url",
)
CONTACT_COLUMNS: tuple[str, ...] = (
    "owner_id",
    "contact_id",
    *CONTACT_TEXT_COLUMNS,
    "source",
    "referred_by",
    "added_on",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "owner_id",
    "contact_id",
    "date",
    "type",
    "channel",
    "duration_min",
    "notes",
)
OWNER_COLUMNS: tuple[str, ...] = (
    "owner_id",
    "cohort",
    "program",
    "advisor",
    "outcome",
    "outcome_date",
)
# Columns that hold personal data: never shown in cohort outputs.
PERSONAL_COLUMNS: frozenset[str] = frozenset({"name", "email", "linkedin_url", "notes"})


VOCABULARIES: dict[str, tuple[str, ...]] = {
    "source": SOURCES,
    "type": EVENT_TYPES,
    "channel": CHANNELS,
    "outcome": OUTCOMES,
}


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

# Value spellings, folded by `value_key`, for each vocabulary.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "source": {
        "alum": "alumni",
        "alumnus": "alumni",
        "alumna": "alumni",
        "alumnae": "alumni",
        "alumninetwork": "alumni",
        "alumniassociation": "alumni",
        "alumnidatabase": "alumni",
        "friends": "friend",
        "friendoffriend": "friend",
        "relative": "family",
        "familymember": "family",
        "parent": "family",
        "prof": "professor",
        "faculty": "professor",
        "teacher": "professor",
        "instructor": "professor",
        "lecturer": "professor",
        "formeremployer": "former_employer",
        "previousemployer": "former_employer",
        "pastemployer": "former_employer",
        "exemployer": "former_employer",
        "internship": "former_employer",
        "colleague": "coworker",
        "coworkers": "coworker",
        "formercolleague": "coworker",
        "recruiters": "recruiter",
        "headhunter": "recruiter",
        "talentacquisition": "recruiter",
        "careeradvisor": "career_advisor",
        "careerservices": "career_advisor",
        "careercenter": "career_advisor",
        "careercentre": "career_advisor",
        "careercounselor": "career_advisor",
        "careercoach": "career_advisor",
        "advisor": "career_advisor",
        "industryleader": "industry_leader",
        "executive": "industry_leader",
        "thoughtleader": "industry_leader",
        "linkedinsearch": "linkedin",
        "linkedinmessage": "linkedin",
        "events": "event",
        "careerfair": "event",
        "jobfair": "event",
        "conference": "event",
        "networkingevent": "event",
        "meetup": "event",
        "infosession": "event",
        "coldoutreach": "cold",
        "coldemail": "cold",
        "coldcall": "cold",
        "coldmessage": "cold",
        "others": "other",
        "misc": "other",
    },
    "type": {
        "researched": "research",
        "reachedout": "outreach",
        "emailsent": "outreach",
        "contacted": "outreach",
        "initialoutreach": "outreach",
        "message": "outreach",
        "linkedinmessage": "outreach",
        "coldemail": "outreach",
        "introemail": "outreach",
        "connectionrequest": "outreach",
        "inmail": "outreach",
        "firstcontact": "outreach",
        "response": "reply",
        "replied": "reply",
        "responded": "reply",
        "responsereceived": "reply",
        "schedule": "scheduled",
        "booked": "scheduled",
        "meetingscheduled": "scheduled",
        "callscheduled": "scheduled",
        "coffeechat": "meeting",
        "coffee": "meeting",
        "informationalinterview": "meeting",
        "infointerview": "meeting",
        "informational": "meeting",
        "call": "meeting",
        "chat": "meeting",
        "met": "meeting",
        "phonecall": "meeting",
        "videocall": "meeting",
        "conversation": "meeting",
        "thankyou": "thank_you",
        "thankyounote": "thank_you",
        "thankyouemail": "thank_you",
        "thankyousent": "thank_you",
        "thanks": "thank_you",
        "followup": "follow_up",
        "followupemail": "follow_up",
        "checkin": "follow_up",
        "lead": "job_lead",
        "joblead": "job_lead",
        "applied": "application",
        "apply": "application",
        "jobapplication": "application",
        "jobinterview": "interview",
        "phonescreen": "interview",
        "screening": "interview",
        "onsite": "interview",
        "joboffer": "offer",
        "offerreceived": "offer",
    },
    "channel": {
        "mail": "email",
        "gmail": "email",
        "linkedinmessage": "linkedin",
        "inmail": "linkedin",
        "call": "phone",
        "phonecall": "phone",
        "telephone": "phone",
        "text": "phone",
        "sms": "phone",
        "zoom": "video",
        "teams": "video",
        "googlemeet": "video",
        "meet": "video",
        "videocall": "video",
        "skype": "video",
        "webex": "video",
        "facetime": "video",
        "inperson": "in_person",
        "facetoface": "in_person",
        "f2f": "in_person",
        "coffee": "in_person",
        "lunch": "in_person",
        "office": "in_person",
        "careerfair": "event",
        "conference": "event",
        "networkingevent": "event",
        "meetup": "event",
    },
    "outcome": {
        "fulltime": "employed_full_time",
        "employedft": "employed_full_time",
        "fulltimeemployment": "employed_full_time",
        "parttime": "employed_part_time",
        "employedpt": "employed_part_time",
        "parttimeemployment": "employed_part_time",
        "hired": "employed",
        "job": "employed",
        "working": "employed",
        "selfemployed": "entrepreneur",
        "startedabusiness": "entrepreneur",
        "startup": "entrepreneur",
        "founder": "entrepreneur",
        "temporary": "temporary_contract",
        "contract": "temporary_contract",
        "temporarycontract": "temporary_contract",
        "contractwork": "temporary_contract",
        "temp": "temporary_contract",
        "freelancer": "freelance",
        "gigwork": "freelance",
        "military": "military_service",
        "armedforces": "military_service",
        "volunteer": "volunteer_service",
        "volunteering": "volunteer_service",
        "volunteerorservice": "volunteer_service",
        "volunteerorserviceprogram": "volunteer_service",
        "volunteerorserviceprogramme": "volunteer_service",
        "serviceprogram": "volunteer_service",
        "serviceprogramme": "volunteer_service",
        "peacecorps": "volunteer_service",
        "americorps": "volunteer_service",
        "gradschool": "continuing_education",
        "graduateschool": "continuing_education",
        "furtherstudy": "continuing_education",
        "furthereducation": "continuing_education",
        "stillseeking": "seeking",
        "jobseeking": "seeking_employment",
        "searching": "seeking",
        "seekingjob": "seeking_employment",
        "seekingwork": "seeking_employment",
        "seekinggradschool": "seeking_continuing_education",
        "seekingeducation": "seeking_continuing_education",
        "applyingtogradschool": "seeking_continuing_education",
        "notseekingemployment": "not_seeking",
        "notseekingemploymentorcontinuingeducation": "not_seeking",
        "na": "unknown",
        "noresponse": "unknown",
        "noinformation": "unknown",
    },
}


def value_key(text: object) -> str:
    """Fold a vocabulary value the way `header_key` folds headers.

    Parameters
    ----------
    text : object
        A cell as written.

    Returns
    -------
    str

    Examples
    --------
    >>> value_key("Thank-you note")
    'thankyounote'
    """
    return header_key(text)


def normalize_value(vocabulary: str, text: object) -> str | None:
    """Map one spelling onto its vocabulary value, or None when it is not one.

    Parameters
    ----------
    vocabulary : str
        A key of `VOCABULARIES` ('source', 'type', 'channel', 'outcome').
    text : object
        A cell as written.

    Returns
    -------
    str or None

    Examples
    --------
    >>> normalize_value("source", "Alumnus"), normalize_value("type", "coffee chat")
    ('alumni', 'meeting')
    """
    key = value_key(text)
    for canonical in VOCABULARIES[vocabulary]:
        if key == header_key(canonical):
            return canonical
    return VALUE_SYNONYMS[vocabulary].get(key)


def suggest_value(vocabulary: str, text: object) -> str | None:
    """The closest valid value for a misspelling, or None when nothing is close.

    Parameters
    ----------
    vocabulary : str
        A key of `VOCABULARIES`.
    text : object
        A cell that is no valid value.

    Returns
    -------
    str or None

    Examples
    --------
    >>> suggest_value("source", "alumnni")
    'alumni'
    """
    key = value_key(text)
    canon = {header_key(v): v for v in VOCABULARIES[vocabulary]}
    canon.update(VALUE_SYNONYMS[vocabulary])
    match = difflib.get_close_matches(key, list(canon), n=1, cutoff=0.6)
    return canon[match[0]] if match else None


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
