"""The data model of DESIGN.md: canonical columns and vocabularies, and one spelling
mapped onto its vocabulary value.

Plain data plus small normalizers, so that the loader, the importers and the sample
generator agree on one vocabulary. The spellings themselves are `header_spellings`
and `value_spellings`.
"""

from __future__ import annotations

import difflib

# The spellings live in header_spellings and value_spellings; these names stay
# importable from here because the loading layer and views import them so.
from infoview_analysis.core.header_spellings import (
    HEADER_SYNONYMS,
    header_column,
    header_key,
    wide_date_type,
)
from infoview_analysis.core.value_spellings import VALUE_SYNONYMS

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
    "value_key",
    "normalize_value",
    "suggest_value",
    # defined in header_spellings and value_spellings; importable from here (see above)
    "HEADER_SYNONYMS",
    "VALUE_SYNONYMS",
    "header_key",
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
