"""Endorsements and recommendations, given or received: the other person is a contact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from infoview_analysis.core.identity import (
    normalize_linkedin_url,
)
from infoview_analysis.importers.batch import Batch
from infoview_analysis.importers.linkedin.dated import dated_people, utc_dates
from infoview_analysis.importers.linkedin.detection import (
    ENDORSEMENTS,
    NO_PERSON,
    RECOMMENDATIONS,
    open_table,
)
from infoview_analysis.importers.local_time import local_zone
from infoview_analysis.importers.records import join_name
from infoview_analysis.loading.dates import parse_dates


def read_endorsements(path: Path | str, tz: str | dt.tzinfo | None = None) -> Batch:
    """Endorsers (or endorsees) as people, added on their earliest endorsement.

    Parameters
    ----------
    path : pathlib.Path or str
        An endorsements file, received or given.
    tz : str or datetime.tzinfo, optional
        The zone UTC times are shown in.

    Returns
    -------
    Batch
        People added on their earliest endorsement.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Endorsement_Received_Info.csv"
    >>> _ = f.write_text('Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,'
    ...     'Endorser Public Url,Endorsement Status\\n2024/12/07 14:51:07 UTC,SQL,Ana,Ruiz,'
    ...     'www.linkedin.com/in/ana-ruiz,ACCEPTED\\n')
    >>> read_endorsements(f, tz="UTC").people[["name", "linkedin_url"]].values.tolist()
    [['Ana Ruiz', 'https://www.linkedin.com/in/ana-ruiz']]
    """
    table = open_table(path, "endorsements", ENDORSEMENTS)
    zone = local_zone(tz)
    side = "Endorser" if table.has("Endorser First Name") else "Endorsee"
    name = join_name(table.col(f"{side} First Name"), table.col(f"{side} Last Name"))
    url = normalize_linkedin_url(table.col(f"{side} Public Url"))
    batch, _ = dated_people(
        table,
        "Endorsement Date",
        lambda raw: utc_dates(raw, zone),
        (name.notna() | url.notna()).to_numpy(),
        NO_PERSON,
        f"endorsement rows ({side.lower()}s)",
        name=name,
        linkedin_url=url,
    )
    return batch


def read_recommendations(path: Path | str) -> Batch:
    """Recommenders (or recommendees) as people with company and title.

    Parameters
    ----------
    path : pathlib.Path or str
        A recommendations file, received or given.

    Returns
    -------
    Batch
        People with company and title, added on the recommendation day.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Recommendations_Received.csv"
    >>> _ = f.write_text('First Name,Last Name,Company,Job Title,Text,Creation Date,Status\\n'
    ...     'Ana,Ruiz,Acme,CTO,Great,"03/04/22, 08:07 PM",VISIBLE\\n')
    >>> read_recommendations(f).people[["organization", "added_on"]].values.tolist()
    [['Acme', Timestamp('2022-03-04 00:00:00')]]
    """
    table = open_table(path, "recommendations", RECOMMENDATIONS)
    name = join_name(table.col("First Name"), table.col("Last Name"))
    batch, _ = dated_people(
        table,
        "Creation Date",
        parse_dates,
        name.notna().to_numpy(),
        "no name",
        "recommendations",
        name=name,
        organization=table.col("Company"),
        role=table.col("Job Title"),
    )
    return batch


__all__ = [
    "read_endorsements",
    "read_recommendations",
]
