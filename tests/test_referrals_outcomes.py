"""`referral_roots` counts every outcome type from one selection of the outcome events;
each column must equal counting that type over all events (as written before)."""

from __future__ import annotations

import numpy as np
import pytest

from infoview_analysis.core.vocabulary import EVENT_TYPES
from infoview_analysis.metrics.referrals import (
    OUTCOME_COLUMNS,
    _chains,
    _type_codes,
    referral_roots,
)
from infoview_analysis.sample import generate


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_outcome_columns_same_as_per_type_counts(seed):
    log = generate(owners=6, seed=seed)
    got = referral_roots(log)
    root, depth, _, _ = _chains(log)
    n = len(log.contacts)
    rows = np.flatnonzero(depth == 1)
    ev_pos = log.event_contact_pos
    ev_root = np.where(ev_pos >= 0, root[np.maximum(ev_pos, 0)], -1)
    types = _type_codes(log)
    for name, column in OUTCOME_COLUMNS.items():
        hit = (types == EVENT_TYPES.index(name)) & (ev_root >= 0)
        assert np.bincount(ev_root[hit], minlength=n)[rows].tolist() == got[column].tolist()
    assert got["meetings"].sum() > 0 and got["job_leads"].sum() > 0
