"""`Invitations.csv`: OUTGOING is outreach to the invitee, INCOMING adds the inviter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.identity import (
    normalize_linkedin_url,
)
from infoview_analysis.importers.batch import Batch, left_out
from infoview_analysis.importers.linkedin.dated import unreadable_dates
from infoview_analysis.importers.linkedin.detection import (
    INVITATIONS,
    NO_PERSON,
    header_as_written,
    open_table,
)
from infoview_analysis.importers.records import clean_text, event_frame, people_frame
from infoview_analysis.loading.dates import parse_dates


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
    table = open_table(path, "invitations", INVITATIONS)
    direction = clean_text(table.col("Direction")).str.upper()
    outgoing = (direction == "OUTGOING").fillna(False).to_numpy()
    incoming = (direction == "INCOMING").fillna(False).to_numpy()
    raw_date = clean_text(table.col("Sent At"))
    sent = parse_dates(raw_date)
    ok, bad = unreadable_dates(table, header_as_written(table, "Sent At"), raw_date, sent, True)
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


__all__ = [
    "read_invitations",
]
