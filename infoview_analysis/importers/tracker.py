"""A hand-kept tracker (spreadsheet or CSV) as person and event records of one owner.

The tracker is read by `load_log`, exactly as `infoview validate` reads it (wide
sheets melted into events, ticks, dates without a year, "how we met" phrasings, the
Outcome column), then turned into the records every importer returns, so that
`infoview import tracker` merges it into the same owner as LinkedIn, address-book and
calendar imports (by e-mail, profile URL, or name + organization) with the merge
report. "Referred by" keeps pointing at the right person after merging; the loader's
warnings are carried into the import report as notes. Rows of other owners in a
tracker with an owner column are left out and counted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from infoview_analysis.importers.batch import Batch, left_out
from infoview_analysis.importers.records import event_frame, people_frame
from infoview_analysis.loading.load import load_log


def read_tracker(path: Path | str, owner_id: str = "me", *, dayfirst: bool = False) -> Batch:
    """Person and event records of `owner_id` from a tracker file.

    Parameters
    ----------
    path : Path or str
        The tracker (CSV, XLSX, Parquet; wide or long).
    owner_id : str, default "me"
        The owner the records belong to.
    dayfirst : bool, default False
        Read 03/04/2026 as 3 April.

    Returns
    -------
    Batch
        One person record per tracker contact (`_row` is its position, from 1), the
        events, rows of other owners left out, and the loader's warnings as notes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tracker.csv"
    >>> _ = f.write_text("Name,Company,Referred By,Date Contacted\\n"
    ...     "Ana Ruiz,Acme,,2026-03-01\\nBo Li,Initech,Ana Ruiz,2026-03-04\\n")
    >>> b = read_tracker(f)
    >>> b.people[["name", "organization"]].values.tolist()
    [['Ana Ruiz', 'Acme'], ['Bo Li', 'Initech']]
    >>> b.people["_referred_key"].str.rsplit("#", n=1).str[-1].tolist()
    [<NA>, 'contact:ana-ruiz']
    """
    path = Path(path)
    file = str(path)
    log = load_log(path, owner_id=owner_id, dayfirst=dayfirst)
    contacts = log.contacts
    events = log.events
    mine_c = (contacts["owner_id"].astype(str) == str(owner_id)).to_numpy()
    mine_e = (events["owner_id"].astype(str) == str(owner_id)).to_numpy()
    batch = Batch(files=[file])
    positions = np.arange(1, len(contacts) + 1)
    batch.left_out = left_out(
        file, f"contact of another owner than '{owner_id}' (owner column)", positions[~mine_c]
    )
    contacts = contacts[mine_c]
    events = events[mine_e]
    prefix = f"{file}#contact:"
    ids = contacts["contact_id"].astype(str)
    referred = contacts["referred_by"].astype(object)
    batch.people = people_frame(
        file,
        positions[mine_c],
        _key=(prefix + ids).to_numpy(object),
        name=contacts["name"].astype(object).to_numpy(),
        organization=contacts["organization"].astype(object).to_numpy(),
        role=contacts["role"].astype(object).to_numpy(),
        industry=contacts["industry"].astype(object).to_numpy(),
        location=contacts["location"].astype(object).to_numpy(),
        email=contacts["email"].astype(object).to_numpy(),
        linkedin_url=contacts["linkedin_url"].astype(object).to_numpy(),
        source=contacts["source"].astype(object).to_numpy(),
        added_on=contacts["added_on"].to_numpy(),
        _referred_key=pd.Series(prefix + referred.astype(str), index=referred.index)
        .where(referred.notna())
        .to_numpy(object),
    )
    batch.events = event_frame(
        file,
        np.arange(1, len(events) + 1),
        _key=(prefix + events["contact_id"].astype(str)).to_numpy(object),
        date=events["date"].to_numpy(),
        type=events["type"].astype(object).to_numpy(),
        channel=events["channel"].astype(object).to_numpy(),
        duration_min=events["duration_min"].to_numpy(dtype=float),
        notes=events["notes"].astype(object).to_numpy(),
    )
    batch.notes = pd.DataFrame(
        {
            "file": [w.file for w in log.warnings],
            "reason": [w.message() for w in log.warnings],
            "count": [1] * len(log.warnings),
            "rows": [w.where()[len(w.file) :].lstrip(", ") for w in log.warnings],
        },
        columns=["file", "reason", "count", "rows"],
    ).astype({"count": "int64"})
    batch.counts["tracker contacts"] = int(mine_c.sum())
    batch.counts["tracker events"] = int(mine_e.sum())
    return batch


__all__ = ["read_tracker"]
