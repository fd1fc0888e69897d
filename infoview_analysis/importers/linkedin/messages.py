"""`messages.csv` (and 2018 `Messages.csv`): the owner's first message in a
conversation is outreach, each message of the other person a reply."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.identity import (
    is_placeholder_name,
    normalize_linkedin_url,
    normalize_name,
)
from infoview_analysis.importers.batch import Batch, left_out
from infoview_analysis.importers.linkedin.dated import unreadable_dates, utc_dates
from infoview_analysis.importers.linkedin.detection import (
    MESSAGES,
    header_as_written,
    open_table,
)
from infoview_analysis.importers.local_time import local_zone
from infoview_analysis.importers.records import clean_text, event_frame, people_frame

SPONSORED = "sender is LinkedIn, an InMail/sponsored sender or an account without a profile URL"
REPLY_PREFIX = re.compile(r"^\s*(?:[^\W\d_]{2,3}\s*(?:\[\d+\])?\s*:\s*)+")


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
    table = open_table(path, "messages", MESSAGES)
    zone = local_zone(tz)
    file = table.file
    legacy = not table.has("Conversation ID")
    sender = clean_text(table.col("From"))
    to = clean_text(table.col("To"))
    raw_date = clean_text(table.col("Date"))
    date = utc_dates(raw_date, zone)
    date_ok, bad_dates = unreadable_dates(
        table, header_as_written(table, "Date"), raw_date, date, True
    )
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


__all__ = [
    "SPONSORED",
    "REPLY_PREFIX",
    "read_messages",
]
