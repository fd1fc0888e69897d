"""LinkedIn data exports: Connections, Invitations, messages, endorsements, recommendations.

Every file is read the same way: encoding and delimiter sniffed, the header row found
by scanning for LinkedIn's column names (never a fixed `skiprows`: the 2021+ exports
put a "Notes:" preamble above it), and columns picked by name, never by position,
so the 2018 / 2021-22 / 2023+ / Excel re-saved variants all read alike.

Rules (also printed in the import summary):

- Connections: one person per row, source `linkedin`, `added_on` = Connected On. A
  row without name and URL (LinkedIn writes `,,,,,,date` for hidden or deleted
  accounts) is left out, counted.
- Invitations: OUTGOING is an `outreach` event to the invitee; INCOMING adds the
  inviter as a contact on that date (no event). Other directions are left out.
- messages: threads are CONVERSATION ID (2018 `Messages.csv`: the other person plus
  the subject without RE:/FW: prefixes). Left out, each counted: drafts; messages
  from LinkedIn itself, InMail/sponsored senders and accounts without a profile
  (a sender without SENDER PROFILE URL in exports that have the column, or a sender
  name containing "LinkedIn"); group conversations (more than two participants);
  conversations the owner never wrote in; the owner's messages after their first
  one in a conversation. What is left: the owner's first message in a conversation
  is an `outreach`, each message of the other person a `reply`.
- The owner in messages: `owner_name` when given; else the 2018 Direction column;
  else the participant (sender or recipient) in the most conversations, ties going
  to the one who sent most messages.
- Endorsements and recommendations (given or received): the other person is a
  contact (source `linkedin`) added on the earliest date seen.
- Message dates ("... UTC") become local naive time in `tz` (default: this
  machine's zone); other LinkedIn dates are kept as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.identity import (
    is_placeholder_name,
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
)
from infoview_analysis.core.problems import LogError, Problem
from infoview_analysis.core.vocabulary import header_key
from infoview_analysis.importers.records import (
    Batch,
    Columns,
    clean_text,
    combine,
    event_frame,
    join_name,
    kept_people,
    left_out,
    local_zone,
    people_frame,
    read_table,
    register_known,
    unrecognized,
    utc_to_local,
)
from infoview_analysis.loading.dates import DATE_EXPECTED, parse_dates

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
SPONSORED = "sender is LinkedIn, an InMail/sponsored sender or an account without a profile URL"
REPLY_PREFIX = re.compile(r"^\s*(?:[^\W\d_]{2,3}\s*(?:\[\d+\])?\s*:\s*)+")


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
    >>> from infoview_analysis.loading.reading import RawTable
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


def _open(path: Path | str, kind: str, headers: set[str]) -> Columns:
    table = read_table(Path(path), headers)
    if kind_of(table) != kind:
        raise unrecognized(table, EXPECTED[kind])
    return table


def _bad_dates(
    table: Columns, header: str, raw: pd.Series, parsed: pd.Series, required: bool
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows whose date cannot be read, left out with the value as written.

    Returns the mask of rows that are fine, and the left-out lines of the others.
    """
    missing_raw = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & (~missing_raw | required)
    wrong = bad & ~missing_raw
    frames = []
    if wrong.any():
        values = pd.unique(raw.to_numpy(dtype=object)[wrong])
        shown = ", ".join(repr(str(v)[:40]) for v in values[:5]) + (
            " ..." if len(values) > 5 else ""
        )
        frames.append(
            left_out(
                table.file,
                f"{header} is not a date ({shown}); expected {DATE_EXPECTED}",
                table.rows[wrong],
            )
        )
    if (bad & missing_raw).any():
        frames.append(
            left_out(table.file, f"no {header} (a date is needed)", table.rows[bad & missing_raw])
        )
    frame = pd.concat(frames, ignore_index=True) if frames else None
    return ~bad, frame


def _utc_dates(raw: pd.Series, tz: dt.tzinfo) -> pd.Series:
    """'2021-05-04 17:35:08 UTC' and '2022/07/27 01:50:25 UTC' as local naive time."""
    text = clean_text(raw)
    is_utc = text.str.contains(r"(?i)\s(?:UTC|GMT|Z)$", regex=True).fillna(False).to_numpy()
    stripped = text.str.replace(r"(?i)\s*(?:UTC|GMT|Z)$", "", regex=True)
    parsed = parse_dates(stripped)
    if is_utc.any():
        local = utc_to_local(parsed[is_utc], tz)
        parsed = parsed.copy()
        parsed[is_utc] = local.to_numpy()
    return parsed


def _dated_people(
    table: Columns,
    date_header: str,
    read_dates: Callable[[pd.Series], pd.Series],
    named: np.ndarray,
    reason: str,
    what: str,
    **columns: object,
) -> tuple[Batch, np.ndarray]:
    """People of the rows that are named and dated, added on the day of `date_header`.

    A row whose date cannot be read is left out with the value as written; a row with
    no date is kept without one. Returns the batch and the mask of rows kept.
    """
    raw_date = clean_text(table.col(date_header))
    date = read_dates(raw_date)
    ok, bad = _bad_dates(table, _header(table, date_header), raw_date, date, False)
    keep = named & ok
    batch = kept_people(
        table.file,
        table.rows,
        keep,
        reason,
        what,
        listed=bad,
        **columns,
        source="linkedin",
        added_on=date.dt.normalize(),
    )
    return batch, keep


# ----------------------------------------------------------------------------- connections


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
    table = _open(path, "connections", CONNECTIONS)
    name = join_name(table.col("First Name"), table.col("Last Name"))
    url = normalize_linkedin_url(table.col("URL"))
    raw_email = clean_text(table.col("Email Address"))
    email = normalize_email(raw_email)
    batch, keep = _dated_people(
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


def _header(table: Columns, name: str) -> str:
    position = table.index.get(header_key(name))
    return table.raw.headers[int(position[1:])] if position else name


# ----------------------------------------------------------------------------- invitations


def read_invitations(path: Path | str) -> Batch:
    """Outreach (OUTGOING) and contacts added (INCOMING) from `Invitations.csv`.

    Parameters
    ----------
    path : pathlib.Path or str
        An `Invitations.csv`.

    Returns
    -------
    Batch
        Outreach events for invitations sent; people for both directions.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "Invitations.csv"
    >>> _ = f.write_text('From,To,Sent At,Message,Direction\\nMe Owner,Ana Ruiz,'
    ...     '"2/12/26, 11:44 AM",Hi!,OUTGOING\\nBo Li,Me Owner,"2/1/26, 9:00 AM",,INCOMING\\n')
    >>> b = read_invitations(f)
    >>> b.people["name"].tolist(), b.events["type"].tolist()
    (['Ana Ruiz', 'Bo Li'], ['outreach'])
    """
    table = _open(path, "invitations", INVITATIONS)
    direction = clean_text(table.col("Direction")).str.upper()
    outgoing = (direction == "OUTGOING").fillna(False).to_numpy()
    incoming = (direction == "INCOMING").fillna(False).to_numpy()
    raw_date = clean_text(table.col("Sent At"))
    sent = parse_dates(raw_date)
    ok, bad = _bad_dates(table, _header(table, "Sent At"), raw_date, sent, True)
    other = pd.Series(
        np.where(outgoing, table.col("To").to_numpy(object), table.col("From").to_numpy(object)),
        dtype=STRING,
    )
    other_url = pd.Series(
        np.where(
            outgoing,
            table.col("inviteeProfileUrl").to_numpy(object),
            table.col("inviterProfileUrl").to_numpy(object),
        ),
        dtype=STRING,
    )
    name = clean_text(other)
    url = normalize_linkedin_url(other_url)
    known = (name.notna() | url.notna()).to_numpy()
    keep = (outgoing | incoming) & known & ok
    batch = Batch(files=[table.file])
    batch.left_out = pd.concat(
        [
            bad,
            left_out(
                table.file,
                "Direction neither INCOMING nor OUTGOING",
                table.rows[~(outgoing | incoming) & ok],
            ),
            left_out(table.file, NO_PERSON, table.rows[(outgoing | incoming) & ~known & ok]),
        ],
        ignore_index=True,
    )
    rows = table.rows[keep]
    keys = [f"{table.file}#{r}" for r in rows]
    added = sent.dt.normalize().where(pd.Series(incoming), pd.NaT)
    batch.people = people_frame(
        table.file,
        rows,
        _key=keys,
        name=name[keep],
        linkedin_url=url[keep],
        source="linkedin",
        added_on=added[keep],
    )
    out_mask = outgoing[keep]
    batch.events = event_frame(
        table.file,
        rows[out_mask],
        _key=np.asarray(keys, dtype=object)[out_mask],
        date=sent[keep][out_mask],
        type="outreach",
        channel="linkedin",
        notes=clean_text(table.col("Message"))[keep][out_mask],
    )
    batch.counts["invitations sent (outreach)"] = int(out_mask.sum())
    batch.counts["invitations received (contact added)"] = int((~out_mask).sum())
    return batch


# ----------------------------------------------------------------------------- messages


def _owner_of(frame: pd.DataFrame) -> str | None:
    """The participant in most conversations; ties: the one who sent most messages."""
    long = pd.concat(
        [
            frame[["conv", "sender"]].rename(columns={"sender": "who"}),
            frame[["conv", "to"]].rename(columns={"to": "who"}),
        ],
        ignore_index=True,
    ).dropna()
    if long.empty:
        return None
    conversations = long.drop_duplicates().groupby("who", observed=True)["conv"].size()
    sent = frame.groupby("sender", observed=True).size().reindex(conversations.index).fillna(0)
    ranking = pd.DataFrame({"conv": conversations, "sent": sent}).sort_values(
        ["conv", "sent"], ascending=False, kind="stable"
    )
    return str(ranking.index[0])


def read_messages(
    path: Path | str, owner_name: str | None = None, tz: str | dt.tzinfo | None = None
) -> Batch:
    """Outreach and reply events from `messages.csv` (9-12 columns) or 2018 `Messages.csv`.

    Parameters
    ----------
    path : pathlib.Path or str
        A `messages.csv` or `Messages.csv`.
    owner_name : str, optional
        The owner's name as LinkedIn writes it (default: found from the messages).
    tz : str or datetime.tzinfo, optional
        The zone UTC times are shown in (default: the machine's).

    Returns
    -------
    Batch
        Outreach and reply events, and the people written to.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "messages.csv"
    >>> _ = f.write_text('CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT,FOLDER\\n'
    ...     'c1,Me,https://www.linkedin.com/in/me,Ana,2026-01-02 10:00:00 UTC,Thanks!,INBOX\\n'
    ...     'c1,Ana,https://www.linkedin.com/in/ana,Me,2026-01-01 10:00:00 UTC,Sure,INBOX\\n'
    ...     'c1,Me,https://www.linkedin.com/in/me,Ana,2025-12-31 10:00:00 UTC,Coffee?,INBOX\\n'
    ...     'c2,LinkedIn Premium,,Me,2025-12-30 10:00:00 UTC,Try it,INBOX\\n')
    >>> b = read_messages(f, tz="UTC")
    >>> b.events.sort_values("date")[["date", "type"]].astype(str).values.tolist()
    [['2025-12-31 10:00:00', 'outreach'], ['2026-01-01 10:00:00', 'reply']]
    >>> b.left_out["reason"].str[:30].tolist()
    ['sender is LinkedIn, an InMail/', "owner's later messages in a co"]
    """
    table = _open(path, "messages", MESSAGES)
    zone = local_zone(tz)
    file = table.file
    legacy = not table.has("Conversation ID")
    sender = clean_text(table.col("From"))
    to = clean_text(table.col("To"))
    raw_date = clean_text(table.col("Date"))
    date = _utc_dates(raw_date, zone)
    date_ok, bad_dates = _bad_dates(table, _header(table, "Date"), raw_date, date, True)
    subject = clean_text(table.col("Subject"))
    frame = pd.DataFrame(
        {
            "sender": sender,
            "to": to,
            "sender_url": normalize_linkedin_url(table.col("Sender Profile URL")),
            "to_urls": clean_text(table.col("Recipient Profile URLs")),
            "date": date,
            "subject": subject,
            "row": table.rows,
        }
    )
    direction = clean_text(table.col("Direction")).str.upper()
    if owner_name is not None:
        owner = owner_name.strip()
        match = normalize_name(pd.Series([owner])).iloc[0]
        names = pd.concat([sender, to]).dropna().unique()
        same = (normalize_name(pd.Series(names, dtype=object)) == match).fillna(False)
        hits = [n for n, hit in zip(names, same.to_numpy(bool), strict=True) if hit]
        owner = hits[0] if hits else owner
    elif legacy and direction.notna().any():
        owner_side = pd.Series(
            np.where(direction == "OUTGOING", sender.to_numpy(object), to.to_numpy(object)),
            dtype=STRING,
        )
        owner_side = owner_side[direction.isin(["OUTGOING", "INCOMING"]).fillna(False)]
        owner = str(owner_side.mode().iloc[0]) if len(owner_side.dropna()) else None
    else:
        owner = None
    # Threads.
    if legacy:
        other_name = pd.Series(
            np.where(sender == owner, to.to_numpy(object), sender.to_numpy(object))
            if owner is not None
            else sender.to_numpy(object),
            dtype=STRING,
        )
        topic = subject.str.replace(REPLY_PREFIX, "", regex=True).str.casefold().fillna("")
        frame["conv"] = other_name.fillna("").str.cat(topic, sep="\x1f")
    else:
        frame["conv"] = clean_text(table.col("Conversation ID")).fillna(
            pd.Series([f"row{r}" for r in table.rows], dtype=STRING)
        )
    if owner is None:
        owner = _owner_of(frame)
    from_owner = (sender == owner).fillna(False).to_numpy()
    owner_urls = frame.loc[from_owner, "sender_url"].dropna()
    owner_url = str(owner_urls.mode().iloc[0]) if len(owner_urls) else None
    if owner_url is not None:
        from_owner |= (frame["sender_url"] == owner_url).fillna(False).to_numpy()
    to_owner = (to == owner).fillna(False).to_numpy()

    batch = Batch(files=[file])
    pieces: list[pd.DataFrame] = []
    alive = np.ones(len(frame), dtype=bool)

    def drop(mask: np.ndarray, reason: str) -> None:
        nonlocal alive
        mask = mask & alive
        pieces.append(left_out(file, reason, table.rows[mask]))
        alive &= ~mask

    if bad_dates is not None:
        pieces.append(bad_dates)
        alive &= date_ok
    flags = clean_text(table.col("Is Message Draft")).str.casefold().isin(["yes", "true", "1"])
    flags |= clean_text(table.col("Is Conversation Draft")).str.casefold().isin(["yes", "true"])
    flags |= clean_text(table.col("Folder")).str.casefold().isin(["draft", "drafts"])
    drop(flags.fillna(False).to_numpy(), "draft")
    has_url_column = table.has("Sender Profile URL")
    # "LinkedIn Member" is a person whose profile is hidden, not LinkedIn itself.
    sponsored = sender.str.casefold().str.contains("linkedin", regex=False).fillna(
        False
    ) & ~is_placeholder_name(sender)
    if has_url_column:
        sponsored |= frame["sender_url"].isna()
    drop(sponsored.to_numpy() & ~from_owner, SPONSORED)
    # Group conversations: more than two distinct names or more than one recipient URL.
    names = (
        pd.concat(
            [
                frame[["conv", "sender"]].set_axis(["conv", "who"], axis=1),
                frame[["conv", "to"]].set_axis(["conv", "who"], axis=1),
            ],
            ignore_index=True,
        )
        .dropna()
        .drop_duplicates()
    )
    participants = names.groupby("conv").size()
    many_urls = frame["to_urls"].str.count(r"(?i)linkedin\.[a-z]+/").fillna(0) > 1
    group_conv = set(participants[participants > 2].index) | set(frame.loc[many_urls, "conv"])
    drop(
        frame["conv"].isin(group_conv).to_numpy(), "group conversation (more than two participants)"
    )
    involved = from_owner | to_owner
    drop(~involved, "the owner is neither sender nor recipient")
    owner_wrote = pd.Series(from_owner & alive).groupby(frame["conv"].to_numpy()).transform("any")
    drop(~owner_wrote.to_numpy(), "conversation the owner never wrote in (inbound only)")
    # The owner's first message per conversation is the outreach; later ones are not events.
    live = frame[alive].copy()
    live["from_owner"] = from_owner[alive]
    live = live.sort_values(["conv", "date", "row"], kind="stable")
    first = live[live["from_owner"]].drop_duplicates("conv")
    later = live["from_owner"] & ~live.index.isin(first.index)
    drop(
        np.isin(np.arange(len(frame)), live.index[later]),
        "owner's later messages in a conversation (only the first is an outreach)",
    )
    batch.left_out = pd.concat(pieces, ignore_index=True)

    events = frame[alive].copy()
    events["type"] = np.where(from_owner[alive], "outreach", "reply")
    # The other person of each conversation: the sender of their messages, else the
    # recipient of the owner's.
    theirs = events[events["type"] == "reply"]
    mine = events[events["type"] == "outreach"]
    who = pd.concat(
        [
            pd.DataFrame(
                {
                    "conv": theirs["conv"],
                    "name": theirs["sender"],
                    "url": theirs["sender_url"],
                    "o": 0,
                    "row": theirs["row"],
                }
            ),
            pd.DataFrame(
                {
                    "conv": mine["conv"],
                    "name": mine["to"],
                    "url": normalize_linkedin_url(mine["to_urls"]),
                    "o": 1,
                    "row": mine["row"],
                }
            ),
        ],
        ignore_index=True,
    )
    who["has_url"] = who["url"].isna()
    who = who.sort_values(["conv", "has_url", "o", "row"], kind="stable").drop_duplicates("conv")
    keys = pd.Series([f"{file}#conv:{c}" for c in who["conv"]], index=who.index, dtype=STRING)
    batch.people = people_frame(
        file,
        who["row"].to_numpy(),
        _key=keys,
        name=who["name"],
        linkedin_url=who["url"],
        source="linkedin",
    )
    key_of = dict(zip(who["conv"], keys, strict=True))
    batch.events = event_frame(
        file,
        events["row"].to_numpy(),
        _key=events["conv"].map(key_of),
        date=events["date"],
        type=events["type"].to_numpy(object),
        channel="linkedin",
        notes=events["subject"],
    )
    batch.counts["messages: outreach"] = int((events["type"] == "outreach").sum())
    batch.counts["messages: replies"] = int((events["type"] == "reply").sum())
    batch.counts[f"messages: owner '{owner}'"] = 1
    return batch


# ----------------------------------------------------------------------------- endorsements


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
    table = _open(path, "endorsements", ENDORSEMENTS)
    zone = local_zone(tz)
    side = "Endorser" if table.has("Endorser First Name") else "Endorsee"
    name = join_name(table.col(f"{side} First Name"), table.col(f"{side} Last Name"))
    url = normalize_linkedin_url(table.col(f"{side} Public Url"))
    batch, _ = _dated_people(
        table,
        "Endorsement Date",
        lambda raw: _utc_dates(raw, zone),
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
    table = _open(path, "recommendations", RECOMMENDATIONS)
    name = join_name(table.col("First Name"), table.col("Last Name"))
    batch, _ = _dated_people(
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


# ----------------------------------------------------------------------------- a whole export

LINKEDIN_STEMS = {
    "connections": "connections",
    "invitations": "invitations",
    "messages": "messages",
}


@dataclass
class ExportFiles:
    """The LinkedIn tables found among paths, by kind; and files that are none."""

    tables: list[tuple[str, Path]]
    skipped: list[Path]


def find_export_files(paths: Path | str | Sequence[Path | str]) -> ExportFiles:
    """Sort the CSV files of an export (folders searched) into LinkedIn tables.

    A file named Connections/Invitations/messages that is not recognized is an error;
    any other unrecognized CSV (Profile.csv, Positions.csv, ...) is skipped and listed.

    Parameters
    ----------
    paths : path or sequence of paths
        Files and export folders.

    Returns
    -------
    ExportFiles
        The LinkedIn tables by kind, and the files skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text("First Name,Last Name,URL,Company,Position,Connected On\\n")
    >>> _ = (d / "Profile.csv").write_text("First Name,Headline\\n")
    >>> found = find_export_files(d)
    >>> [k for k, _ in found.tables], [p.name for p in found.skipped]
    (['connections'], ['Profile.csv'])
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found: list[tuple[str, Path]] = []
    skipped: list[Path] = []
    problems: list[Problem] = []
    for item in items:
        item = Path(item)
        explicit = not item.is_dir()
        files = [item] if explicit else sorted(p for p in item.rglob("*.csv") if p.is_file())
        if not explicit and not files:
            problems.append(
                Problem(
                    str(item),
                    None,
                    None,
                    None,
                    "a folder holding a LinkedIn export (CSV files)",
                    kind="empty_folder",
                )
            )
        for file in files:
            try:
                table = read_table(file, ALL_HEADERS)
            except LogError as err:
                if explicit:
                    problems.extend(err.problems)
                else:
                    skipped.append(file)
                continue
            kind = kind_of(table)
            stem = re.sub(r"[^a-z]", "", file.stem.casefold())
            named = next((k for s, k in LINKEDIN_STEMS.items() if s in stem), None)
            if kind is None and (explicit or named):
                problems.extend(
                    unrecognized(
                        table,
                        EXPECTED[named]
                        if named
                        else "the columns of a LinkedIn Connections, Invitations or messages table",
                    ).problems
                )
            elif kind is None:
                skipped.append(file)
            else:
                found.append((kind, file))
    if problems:
        raise LogError(problems)
    return ExportFiles(found, skipped)


def read_linkedin(
    paths: Path | str | Sequence[Path | str],
    owner_name: str | None = None,
    tz: str | dt.tzinfo | None = None,
) -> Batch:
    """Every LinkedIn table among `paths` (files or export folders), as one batch.

    Parameters
    ----------
    paths : path or sequence of paths
        Files and export folders.
    owner_name, tz
        As for `read_messages`.

    Returns
    -------
    Batch
        Every table's people and events; the files skipped are counted.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text("First Name,Last Name,URL,Company,Position,Connected On\\n"
    ...     "Ana,Ruiz,,Acme,CTO,06 Feb 2026\\n")
    >>> read_linkedin(d).summary_line()
    '1 people, 0 events, 0 rows left out'
    """
    files = find_export_files(paths)
    batches: list[Batch] = []
    problems: list[Problem] = []
    for kind, file in files.tables:
        try:
            if kind == "connections":
                batches.append(read_connections(file))
            elif kind == "invitations":
                batches.append(read_invitations(file))
            elif kind == "messages":
                batches.append(read_messages(file, owner_name=owner_name, tz=tz))
            elif kind == "endorsements":
                batches.append(read_endorsements(file, tz=tz))
            else:
                batches.append(read_recommendations(file))
        except LogError as err:
            problems.extend(err.problems)
    if problems:
        raise LogError(problems)
    batch = combine(batches)
    for file in files.skipped:
        batch.counts[f"skipped (not a network table): {file.name}"] = 1
    return batch


def read_export(
    folder_or_files: Path | str | Sequence[Path | str],
    owner_id: str,
    *,
    owner_name: str | None = None,
    tz: str | dt.tzinfo | None = None,
):
    """A LinkedIn export as merged contacts and events of `owner_id` (an `ImportResult`).

    Parameters
    ----------
    folder_or_files : path or sequence of paths
        An export folder, or its files.
    owner_id : str
        The owner the contacts and events belong to.
    owner_name, tz
        As for `read_messages`.

    Returns
    -------
    ImportResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "Connections.csv").write_text('First Name,Last Name,URL,Email Address,'
    ...     'Company,Position,Connected On\\nAna,Ruiz,https://linkedin.com/in/ana,,Acme,CTO,06 Feb 2026\\n')
    >>> _ = (d / "Invitations.csv").write_text('From,To,Sent At,Message,Direction,inviterProfileUrl,'
    ...     'inviteeProfileUrl\\nMe,Ana Ruiz,"2/1/26, 9:00 AM",,OUTGOING,x,https://www.linkedin.com/in/ANA/\\n')
    >>> result = read_export(d, "me")
    >>> len(result.contacts), result.events["type"].tolist()
    (1, ['outreach'])
    """
    from infoview_analysis.importers.merge import merge_people

    return merge_people(read_linkedin(folder_or_files, owner_name=owner_name, tz=tz), owner_id)


__all__ = [
    "read_connections",
    "read_invitations",
    "read_messages",
    "read_endorsements",
    "read_recommendations",
    "read_linkedin",
    "read_export",
    "find_export_files",
    "kind_of",
]
