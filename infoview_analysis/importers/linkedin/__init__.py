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

Modules, one job each: `detection` (which table a file is), `dated` (row dates),
`connections`, `invitations`, `messages`, `endorsements` (and recommendations), one
reader per file kind, and `export` (a whole export folder as one batch).
"""

from __future__ import annotations

from infoview_analysis.importers.linkedin.connections import read_connections
from infoview_analysis.importers.linkedin.detection import kind_of
from infoview_analysis.importers.linkedin.endorsements import (
    read_endorsements,
    read_recommendations,
)
from infoview_analysis.importers.linkedin.export import (
    find_export_files,
    read_export,
    read_linkedin,
)
from infoview_analysis.importers.linkedin.invitations import read_invitations
from infoview_analysis.importers.linkedin.messages import read_messages

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
