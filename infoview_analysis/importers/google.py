"""Google Contacts CSV exports, legacy ("Google CSV": Name, Given Name, E-mail 1 - Type,
Group Membership, ...) and current (First Name, Last Name, E-mail 1 - Label, Labels,
Organization Name, ...).

One person record per row: the name (the Name column, else given + middle + family),
every e-mail address (all `E-mail N - Value` columns; Google joins several values of
one slot with " ::: "), the first organization and title, the city/region/country of
the first address, and a LinkedIn profile among the websites. A row with no name,
e-mail or profile URL (a phone number only) is left out and counted. Multi-line
quoted notes are read as one field; notes are not imported (contacts have no notes).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.header_spellings import header_key
from infoview_analysis.core.identity import normalize_email, normalize_linkedin_url
from infoview_analysis.importers.batch import Batch, kept_people
from infoview_analysis.importers.exports import (
    Columns,
    read_table,
    register_known,
    unrecognized,
)
from infoview_analysis.importers.records import clean_text, join_name

KNOWN = {
    "Name",
    "Given Name",
    "Additional Name",
    "Family Name",
    "First Name",
    "Middle Name",
    "Last Name",
    "Group Membership",
    "Labels",
    "E-mail 1 - Type",
    "E-mail 1 - Value",
    "E-mail 1 - Label",
    "Phone 1 - Value",
    "Organization 1 - Name",
    "Organization Name",
    "Notes",
}
register_known(KNOWN)
EXPECTED = (
    "Name (or Given Name/First Name, Family Name/Last Name), E-mail 1 - Value, "
    "Organization 1 - Name (or Organization Name), Group Membership (or Labels)"
)
MULTI = " ::: "


def _slots(table: Columns, pattern: str) -> list[str]:
    """Headers like 'E-mail 3 - Value', in slot order."""
    found = []
    for header in table.raw.headers:
        m = re.fullmatch(pattern, header.strip(), flags=re.IGNORECASE)
        if m:
            found.append((int(m.group(1)), header))
    return [h for _, h in sorted(found)]


def _first_value(values: pd.Series) -> pd.Series:
    return clean_text(values.str.split(MULTI, regex=False).str[0])


def read_google_contacts(path: Path | str, source: str = "other") -> Batch:
    """People from a Google Contacts CSV export (legacy or current headers).

    Parameters
    ----------
    path : pathlib.Path or str
        A Google Contacts CSV.
    source : str
        The source every contact gets.

    Returns
    -------
    Batch
        One person per row, e-mails and organization kept.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "google.csv"
    >>> _ = f.write_text('Name,Given Name,Family Name,Notes,E-mail 1 - Type,E-mail 1 - Value,'
    ...     'Organization 1 - Name\\nAna Ruiz,Ana,Ruiz,"line 1\\nline 2",* Work,'
    ...     'ana@x.org ::: ana.ruiz@y.org,Acme\\n,,,a note only,,,\\n')
    >>> b = read_google_contacts(f)
    >>> b.people[["name", "email", "other_emails", "organization"]].values.tolist()
    [['Ana Ruiz', 'ana@x.org', 'ana.ruiz@y.org', 'Acme']]
    >>> b.left_out["count"].tolist()
    [1]
    """
    table = read_table(Path(path), KNOWN)
    has_name = table.has("Name") or table.has("Given Name") or table.has("First Name")
    email_headers = _slots(table, r"e-?mail (\d+) - value")
    if not has_name or not (email_headers or table.has("Group Membership") or table.has("Labels")):
        raise unrecognized(table, EXPECTED)
    if table.has("Name"):
        name = clean_text(table.col("Name"))
    else:
        name = pd.Series(pd.NA, index=table.raw.frame.index, dtype=STRING)
    first = table.col("Given Name") if table.has("Given Name") else table.col("First Name")
    middle = (
        table.col("Additional Name") if table.has("Additional Name") else table.col("Middle Name")
    )
    last = table.col("Family Name") if table.has("Family Name") else table.col("Last Name")
    name = name.fillna(join_name(join_name(first, middle), last))

    # Every address of every slot, in order: the first is the contact's e-mail.
    pieces = []
    for header in email_headers:
        values = table.col(header).str.split(MULTI, regex=False).explode()
        pieces.append(normalize_email(values))
    if pieces:
        long = pd.concat(pieces)
        long = long[long.notna()]
        order = np.argsort(long.index.to_numpy(), kind="stable")
        long = long.iloc[order]
        grouped = long.groupby(level=0)
        email = grouped.first().reindex(table.raw.frame.index).astype(STRING)
        rest = long[long.groupby(level=0).cumcount().to_numpy() > 0]
        other = rest.groupby(level=0).agg(";".join).reindex(table.raw.frame.index).astype(STRING)
    else:
        email = other = pd.Series(pd.NA, index=table.raw.frame.index, dtype=STRING)

    url = pd.Series(pd.NA, index=table.raw.frame.index, dtype=STRING)
    for header in _slots(table, r"website (\d+) - value"):
        values = table.col(header).str.split(MULTI, regex=False).explode()
        values = values[values.str.contains("linkedin.", case=False, regex=False).fillna(False)]
        found = normalize_linkedin_url(values).groupby(level=0).first()
        url = url.fillna(found.reindex(url.index).astype(STRING))

    organization = _first_value(
        table.col("Organization 1 - Name")
        if table.has("Organization 1 - Name")
        else table.col("Organization Name")
    )
    role = _first_value(
        table.col("Organization 1 - Title")
        if table.has("Organization 1 - Title")
        else table.col("Organization Title")
    )
    city, region, country = (
        _first_value(table.col(f"Address 1 - {part}")) for part in ("City", "Region", "Country")
    )
    location = clean_text(
        city.fillna("")
        .str.cat([region.fillna(""), country.fillna("")], sep=", ")
        .str.replace(r"(,\s*)+", ", ", regex=True)
        .str.strip(", ")
    ).fillna(_first_value(table.col("Location")))

    keep = (name.notna() | email.notna() | url.notna()).to_numpy()
    batch = kept_people(
        table.file,
        table.rows,
        keep,
        "no name, e-mail or profile URL (a phone number only)",
        "google contacts",
        name=name,
        organization=organization,
        role=role,
        location=location,
        email=email,
        other_emails=other,
        linkedin_url=url,
        source=source,
    )
    return batch


def looks_like_google(path: Path | str) -> bool:
    """Whether a CSV has Google Contacts headers.

    Parameters
    ----------
    path : pathlib.Path or str
        A CSV file.

    Returns
    -------
    bool
        True when the header row is that of a Google Contacts export.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = f.write_text("Name,Given Name,E-mail 1 - Value\\nAna,Ana,a@x.org\\n")
    >>> looks_like_google(f)
    True
    """
    try:
        table = read_table(Path(path), KNOWN)
    except Exception:  # noqa: BLE001 - any unreadable file is simply not one
        return False
    keys = set(table.index)
    return bool(keys & {header_key("Given Name"), header_key("First Name")}) and any(
        k.startswith("email") for k in keys
    )


__all__ = ["read_google_contacts", "looks_like_google"]
