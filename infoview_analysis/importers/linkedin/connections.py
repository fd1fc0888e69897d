"""`Connections.csv`: one contact per row, added on Connected On."""

from __future__ import annotations

from pathlib import Path

from infoview_analysis.core.identity import (
    normalize_email,
    normalize_linkedin_url,
)
from infoview_analysis.importers.batch import Batch
from infoview_analysis.importers.linkedin.dated import dated_people
from infoview_analysis.importers.linkedin.detection import (
    CONNECTIONS,
    NO_PERSON,
    open_table,
)
from infoview_analysis.importers.records import clean_text, join_name
from infoview_analysis.loading.dates import parse_dates


def read_connections(path: Path | str) -> Batch:
    """People from `Connections.csv` (any LinkedIn variant since 2018).

    Parameters
    ----------
    path : pathlib.Path or str
        A `Connections.csv`.

    Returns
    -------
    Batch
        Connections as people, added on the day connected; rows naming nobody left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text('Notes:\\n"preamble"\\n\\nFirst Name,Last Name,URL,Email Address,'
    ...     'Company,Position,Connected On\\nAna,Ruiz,https://www.linkedin.com/in/ana-ruiz,,'
    ...     '"Acme, Inc",CTO,06 Feb 2026\\n,,,,,,05 Feb 2026\\n')
    >>> b = read_connections(f)
    >>> b.people[["name", "organization", "added_on"]].values.tolist(), int(b.left_out["count"].sum())
    ([['Ana Ruiz', 'Acme, Inc', Timestamp('2026-02-06 00:00:00')]], 1)
    """
    table = open_table(path, "connections", CONNECTIONS)
    name = join_name(table.col("First Name"), table.col("Last Name"))
    url = normalize_linkedin_url(table.col("URL"))
    raw_email = clean_text(table.col("Email Address"))
    email = normalize_email(raw_email)
    batch, keep = dated_people(
        table,
        "Connected On",
        parse_dates,
        (name.notna() | url.notna()).to_numpy(),
        NO_PERSON,
        "connections",
        name=name,
        organization=table.col("Company"),
        role=table.col("Position"),
        email=email,
        linkedin_url=url,
    )
    not_email = int((raw_email.notna() & email.isna()).to_numpy()[keep].sum())
    if not_email:
        batch.counts["connections: Email Address values that are no e-mail (ignored)"] = not_email
    return batch


__all__ = [
    "read_connections",
]
