"""Which LinkedIn table a file is: the known headers of each kind, and opening a file
as the kind it must be (an unrecognized header is one clear error)."""

from __future__ import annotations

from pathlib import Path

from infoview_analysis.core.header_spellings import header_key
from infoview_analysis.importers.exports import (
    Columns,
    read_table,
    register_known,
    unrecognized,
)

CONNECTIONS = {
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
}
INVITATIONS = {
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
}
MESSAGES = {
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
    "Direction",
}
ENDORSEMENTS = {
    "Endorsement Date",
    "Skill Name",
    "Endorser First Name",
    "Endorser Last Name",
    "Endorser Public Url",
    "Endorsee First Name",
    "Endorsee Last Name",
    "Endorsee Public Url",
    "Endorsement Status",
    "Display Status",
}
RECOMMENDATIONS = {
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Text",
    "Creation Date",
    "Status",
}
ALL_HEADERS = CONNECTIONS | INVITATIONS | MESSAGES | ENDORSEMENTS | RECOMMENDATIONS
for _headers in (CONNECTIONS, INVITATIONS, MESSAGES, ENDORSEMENTS, RECOMMENDATIONS):
    register_known(_headers)

EXPECTED = {
    "connections": "First Name, Last Name, Email Address, Company, Position, Connected On (+URL)",
    "invitations": "From, To, Sent At, Message, Direction (+inviter/inviteeProfileUrl)",
    "messages": "CONVERSATION ID, FROM, SENDER PROFILE URL, TO, DATE, CONTENT, FOLDER "
    "(2018: From, To, Date, Subject, Content, Direction)",
    "endorsements": "Endorsement Date, Skill Name, Endorser First Name, Endorser Last Name",
    "recommendations": "First Name, Last Name, Company, Job Title, Text, Creation Date, Status",
}
NO_PERSON = "no name and no profile URL (LinkedIn's row for a hidden or deleted account)"


def kind_of(table: Columns) -> str | None:
    """Which LinkedIn table a header is, or None.

    Parameters
    ----------
    table : Columns
        A table read by header names.

    Returns
    -------
    str or None
        'connections', 'invitations', 'messages', 'endorsements' or 'recommendations'.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from infoview_analysis.loading.raw_table import RawTable
    >>> raw = RawTable(pd.DataFrame(), ["From", "To", "Sent At", "Message", "Direction"], np.array([]), "x")
    >>> kind_of(Columns(raw, {header_key(h): h for h in raw.headers}))
    'invitations'
    """
    if table.has("First Name", "Last Name", "Connected On"):
        return "connections"
    if table.has("From", "To", "Sent At", "Direction"):
        return "invitations"
    if table.has("From", "To", "Date") and (table.has("Conversation ID") or table.has("Direction")):
        return "messages"
    if table.has("Endorsement Date") and (
        table.has("Endorser First Name") or table.has("Endorsee First Name")
    ):
        return "endorsements"
    if table.has("First Name", "Last Name", "Creation Date"):
        return "recommendations"
    return None


def open_table(path: Path | str, kind: str, headers: set[str]) -> Columns:
    """A LinkedIn file read by header names, which must be a table of `kind`.

    Parameters
    ----------
    path : pathlib.Path or str
    kind : str
        'connections', 'invitations', 'messages', 'endorsements' or 'recommendations'.
    headers : set of str
        The kind's known headers (`CONNECTIONS`, ...).

    Returns
    -------
    Columns

    Raises
    ------
    LogError
        When the file is not that kind of table (its header and the one expected).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Last Name,URL,Company,Position,connected on\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\nBo,Li,,,,someday\\n")
    >>> table = open_table(f, "connections", CONNECTIONS)
    >>> kind_of(table), table.rows.tolist()
    ('connections', [2, 3])
    """
    table = read_table(Path(path), headers)
    if kind_of(table) != kind:
        raise unrecognized(table, EXPECTED[kind])
    return table


def header_as_written(table: Columns, name: str) -> str:
    """A header as the file writes it (for messages), `name` when the file lacks it.

    Parameters
    ----------
    table : Columns
    name : str
        The header as LinkedIn usually writes it.

    Returns
    -------
    str

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Connections.csv"
    >>> _ = f.write_text("First Name,Last Name,URL,Company,Position,connected on\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\nBo,Li,,,,someday\\n")
    >>> header_as_written(open_table(f, "connections", CONNECTIONS), "Connected On")
    'connected on'
    """
    position = table.index.get(header_key(name))
    return table.raw.headers[int(position[1:])] if position else name


__all__ = [
    "CONNECTIONS",
    "INVITATIONS",
    "MESSAGES",
    "ENDORSEMENTS",
    "RECOMMENDATIONS",
    "ALL_HEADERS",
    "EXPECTED",
    "NO_PERSON",
    "kind_of",
    "open_table",
    "header_as_written",
]
