"""Referral chains: who introduced whom, how deep it goes, and what it led to.

DESIGN.md "Referral chains": `depth` is 1 for a direct contact, else the referrer's
depth + 1; `root` is the depth-1 ancestor; `path` runs root ... contact. Outcomes are
credited to the contact they happened with and to every ancestor on its path.

Everything works on integer row positions (`InterviewLog.referrer_pos`): pointer
jumping (ancestor-of-ancestor) on numpy arrays, a handful of vectorized passes, with an
explicit bound that detects cycles, so neither a cycle nor a missing referrer can stop
or hang the computation:

- a `referred_by` naming nobody known makes the contact a root (depth 1) flagged
  `referrer_missing`;
- a contact whose chain never reaches a root is flagged `cycle` and gets no depth,
  root or path. That covers the contacts *on* a cycle (also flagged `on_cycle`) and
  the contacts hanging *below* one (`cycle` but not `on_cycle`): neither has a
  depth-1 ancestor. `depth.isna() == cycle` always holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.forest import climb
from infoview_analysis.core.vocabulary import EVENT_TYPES
from infoview_analysis.metrics.conversion import OUTCOME_TYPES as CONVERSION_TYPES
from infoview_analysis.metrics.per_log import cut, per_log, read_only

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

# Event types that count as outcomes (DESIGN: meetings and the `converted` stage).
OUTCOME_TYPES: tuple[str, ...] = ("meeting", *CONVERSION_TYPES)
# Column name in `referral_roots` for each outcome type.
OUTCOME_COLUMNS: dict[str, str] = {
    "meeting": "meetings",
    "job_lead": "job_leads",
    "application": "applications",
    "interview": "interviews",
    "offer": "offers",
}
PATH_SEP = " > "

CHAIN_COLUMNS = [
    "owner_id",
    "contact_id",
    "depth",
    "root",
    "path",
    "referrer_missing",
    "cycle",
    "on_cycle",
]
ROOT_COLUMNS = [
    "owner_id",
    "root",
    "source",
    "descendants",
    "max_depth",
    *OUTCOME_COLUMNS.values(),
]
ATTRIBUTION_COLUMNS = ["owner_id", "event_row", "date", "type", "contact_id", "credited_id", "hops"]


def chain_arrays(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Root position, depth, cycle and on-cycle flags from a parent-position array.

    `parent[i]` is the position of i's parent, -1 for a root. Returns `(root, depth,
    cycle, on_cycle)`: `root` is -1 and `depth` 0 where `cycle` is set. Pointer
    jumping: every still-unresolved node jumps to its ancestor's ancestor, so after k
    passes it has climbed 2**k levels; a node still unresolved once 2**k exceeds the
    number of nodes can never reach a root (it is on a cycle or below one).

    >>> root, depth, cycle, on_cycle = chain_arrays(np.array([-1, 0, 1, 4, 3, 3]))
    >>> root.tolist(), depth.tolist(), cycle.tolist(), on_cycle.tolist()
    ([0, 0, 0, -1, -1, -1], [1, 2, 3, 0, 0, 0], [False, False, False, True, True, True], [False, False, False, True, True, False])
    """
    anc, dist, cycle = climb(parent)
    on_cycle = np.zeros(len(cycle), dtype=bool)
    # After enough jumps a stuck node's ancestor lies on its cycle; the jump map is a
    # bijection on each cycle, so the ancestors of the stuck nodes are the whole cycle.
    on_cycle[anc[cycle]] = True
    root = np.where(cycle, -1, anc)
    depth = np.where(cycle, 0, dist + 1)
    return root, depth, cycle, on_cycle


def _chains(log: InterviewLog) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`chain_arrays` of the log's referrals, once per log (read-only arrays)."""

    def compute() -> tuple[np.ndarray, ...]:
        arrays = chain_arrays(log.referrer_pos)
        read_only(dict(enumerate(arrays)))
        return arrays

    return per_log(log, "chains", compute)


def _id_strings(values: pd.Series) -> pa.Array:
    """The strings of a categorical column as an Arrow array (nulls for missing)."""
    cats = pa.array(values.cat.categories.to_numpy(dtype=object), type=pa.string())
    codes = values.cat.codes.to_numpy()
    return cats.take(pa.array(codes, mask=codes < 0))


def _paths(ids: pa.Array, parent: np.ndarray, depth: np.ndarray) -> pa.Array:
    """`root > ... > contact` per node, built level by level (null where depth is 0)."""
    n = len(depth)
    # Depths are small: as int16 the stable sort is a radix sort (same order, a fraction
    # of the time of a merge sort of int64).
    small = int(depth.max(initial=0)) < np.iinfo(np.int16).max
    order = np.argsort(depth.astype(np.int16) if small else depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max(initial=0)) + 2))
    at_level = np.zeros(n, dtype=np.int64)
    pieces: list[pa.Array] = [pa.nulls(int(bounds[1]), pa.string())]
    previous: pa.Array | None = None
    for level in range(1, len(bounds) - 1):
        members = order[bounds[level] : bounds[level + 1]]
        at_level[members] = np.arange(len(members))
        own = ids.take(pa.array(members))
        if previous is None:
            current = own
        else:
            above = previous.take(pa.array(at_level[parent[members]]))
            current = pc.binary_join_element_wise(above, own, PATH_SEP)
        pieces.append(current)
        previous = current
    stacked = pa.concat_arrays(pieces)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return stacked.take(pa.array(inverse))


def referral_chains(log: InterviewLog, as_of: object = None) -> pd.DataFrame:
    """One row per contact: its referral depth, root, path and flags.

    With `as_of`, the log as it stood before that date (`InterviewLog.as_of`).

    Columns: `owner_id`, `contact_id`, `depth` (Int64, missing on a cycle), `root`
    (contact id of the depth-1 ancestor, same owner), `path` ("c001 > c004 > c009"),
    `referrer_missing` (names an unknown referrer; the contact is then a root),
    `cycle` (the chain never reaches a root: on a cycle or below one), `on_cycle`.
    Rows follow `log.contacts`.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b", "c", "x", "y"],
    ...                   "referred_by": [None, "a", "b", "y", "x"], "source": "friend",
    ...                   "added_on": pd.Timestamp("2026-01-01")})
    >>> e = pd.DataFrame(columns=["owner_id", "contact_id", "date", "type"])
    >>> referral_chains(frames_to_log(c, e))[["contact_id", "depth", "path", "cycle"]]
      contact_id  depth       path  cycle
    0          a      1          a  False
    1          b      2      a > b  False
    2          c      3  a > b > c  False
    3          x   <NA>       <NA>   True
    4          y   <NA>       <NA>   True
    """
    log = cut(log, as_of)
    contacts = log.contacts
    parent = log.referrer_pos
    root, depth, cycle, on_cycle = _chains(log)
    cid = contacts["contact_id"]
    cid_codes = cid.cat.codes.to_numpy()
    root_codes = np.where(cycle, -1, cid_codes[np.maximum(root, 0)]) if len(root) else root
    paths = _paths(_id_strings(cid), parent, depth)
    return pd.DataFrame(
        {
            "owner_id": contacts["owner_id"].array,
            "contact_id": cid.array,
            "depth": pd.arrays.IntegerArray(depth, cycle.copy()),
            "root": pd.Categorical.from_codes(root_codes, dtype=cid.dtype),
            "path": pd.arrays.ArrowStringArray(paths),
            "referrer_missing": contacts["referred_by"].notna().to_numpy() & (parent < 0),
            "cycle": cycle,
            "on_cycle": on_cycle,
        },
        columns=CHAIN_COLUMNS,
    )


def _type_codes(log: InterviewLog) -> np.ndarray:
    types = log.events["type"]
    if isinstance(types.dtype, pd.CategoricalDtype) and list(types.cat.categories) == list(
        EVENT_TYPES
    ):
        return types.cat.codes.to_numpy()
    return pd.Categorical(types, categories=list(EVENT_TYPES)).codes


def referral_roots(log: InterviewLog, as_of: object = None) -> pd.DataFrame:
    """One row per root (depth-1 contact): the size, depth and yield of its referral tree.

    With `as_of`, the log as it stood before that date (`InterviewLog.as_of`).

    Columns: `owner_id`, `root`, `source` (the root's), `descendants` (contacts whose
    root it is, itself excluded), `max_depth`, and the outcome events of the root and
    all its descendants: `meetings`, `job_leads`, `applications`, `interviews`,
    `offers`. Contacts on or below a cycle belong to no root and are not counted.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b", "c"],
    ...                   "referred_by": [None, "a", "b"], "source": "friend",
    ...                   "added_on": pd.Timestamp("2026-01-01")})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "c", "c"],
    ...                   "date": pd.to_datetime(["2026-01-02", "2026-01-05", "2026-02-01"]),
    ...                   "type": ["meeting", "meeting", "offer"]})
    >>> referral_roots(frames_to_log(c, e))[["root", "descendants", "max_depth", "meetings", "offers"]]
      root  descendants  max_depth  meetings  offers
    0    a            2          3         2       1
    """
    log = cut(log, as_of)
    contacts = log.contacts
    n = len(contacts)
    root, depth, cycle, _ = _chains(log)
    is_root = depth == 1
    rows = np.flatnonzero(is_root)
    placed = root[~cycle]
    size = np.bincount(placed, minlength=n)
    max_depth = np.zeros(n, dtype=np.int64)
    np.maximum.at(max_depth, placed, depth[~cycle])
    cid = contacts["contact_id"]
    out: dict[str, object] = {
        "owner_id": contacts["owner_id"].array.take(rows),
        "root": cid.array.take(rows),
        "source": contacts["source"].array.take(rows),
        "descendants": size[rows] - 1,
        "max_depth": max_depth[rows],
    }
    # The outcome events with a contact first (a few of all events), then per type.
    ev_pos = log.event_contact_pos
    types = _type_codes(log)
    outcome_codes = [EVENT_TYPES.index(name) for name in OUTCOME_COLUMNS]
    is_outcome = np.zeros(len(EVENT_TYPES) + 1, dtype=bool)  # the last for code -1
    is_outcome[outcome_codes] = True
    sel = np.flatnonzero(is_outcome[types] & (ev_pos >= 0))
    ev_root, ev_type = root[ev_pos[sel]], types[sel]
    for code, column in zip(outcome_codes, OUTCOME_COLUMNS.values(), strict=True):
        hit = (ev_type == code) & (ev_root >= 0)
        out[column] = np.bincount(ev_root[hit], minlength=n)[rows].astype(np.int64)
    return pd.DataFrame(out, columns=ROOT_COLUMNS)


def attribute_outcomes(log: InterviewLog, as_of: object = None) -> pd.DataFrame:
    """One row per (outcome event, credited contact): multi-hop attribution.

    With `as_of`, the log as it stood before that date (`InterviewLog.as_of`).

    An outcome event (meeting, job_lead, application, interview, offer) is credited to
    the contact it happened with (`hops` 0), that contact's referrer (`hops` 1), and so
    on up to the root. A contact on or below a cycle has no path to a root: its events
    are credited to itself only. Columns: `owner_id`, `event_row` (row position in
    `log.events`), `date`, `type`, `contact_id` (whom it happened with), `credited_id`,
    `hops`; sorted by event row, then hops.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"],
    ...                   "referred_by": [None, "a"], "source": "friend",
    ...                   "added_on": pd.Timestamp("2026-01-01")})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["b", "b"],
    ...                   "date": pd.to_datetime(["2026-01-02", "2026-01-03"]),
    ...                   "type": ["outreach", "offer"]})
    >>> attribute_outcomes(frames_to_log(c, e))[["event_row", "type", "contact_id", "credited_id", "hops"]]
       event_row   type contact_id credited_id  hops
    0          1  offer          b           b     0
    1          1  offer          b           a     1
    """
    log = cut(log, as_of)
    parent = log.referrer_pos
    _, depth, _, _ = _chains(log)
    types = _type_codes(log)
    ev_pos = log.event_contact_pos
    wanted = np.isin(types, [EVENT_TYPES.index(t) for t in OUTCOME_TYPES]) & (ev_pos >= 0)
    ev = np.flatnonzero(wanted)
    cur = ev_pos[ev]
    # Steps to climb: depth - 1 off cycles; a cycle contact (depth 0) credits itself only.
    left = np.maximum(depth[cur] - 1, 0)
    all_ev, all_pos, all_hops = [ev], [cur], [np.zeros(len(ev), dtype=np.int64)]
    hop = 0
    while ev.size:
        hop += 1
        climb = left >= hop
        ev, cur, left = ev[climb], parent[cur[climb]], left[climb]
        all_ev.append(ev)
        all_pos.append(cur)
        all_hops.append(np.full(len(ev), hop, dtype=np.int64))
    ev_all = np.concatenate(all_ev)
    pos_all = np.concatenate(all_pos)
    hops_all = np.concatenate(all_hops)
    order = np.lexsort((hops_all, ev_all))
    ev_all, pos_all, hops_all = ev_all[order], pos_all[order], hops_all[order]
    events = log.events
    return pd.DataFrame(
        {
            "owner_id": events["owner_id"].array.take(ev_all),
            "event_row": ev_all,
            "date": events["date"].to_numpy()[ev_all],
            "type": events["type"].array.take(ev_all),
            "contact_id": events["contact_id"].array.take(ev_all),
            "credited_id": log.contacts["contact_id"].array.take(pos_all),
            "hops": hops_all,
        },
        columns=ATTRIBUTION_COLUMNS,
    )


def referral_summary(log: InterviewLog, start: object, end: object) -> dict[str, int]:
    """The referral figures of a window `[start, end)`, as of `end`.

    Parameters
    ----------
    log : InterviewLog
        The log.
    start, end : date-like
        The half-open window; rows dated on or after `end` are cut first.

    Returns
    -------
    dict
        `introductions` (contacts added in the window with a `referred_by`: the
        growth table's `new_via_referral`), `introducers` (distinct people named by
        them), `deepest_chain` (most people in one chain among contacts added before
        `end`), `outcomes_via_chains` (outcome events in the window credited to an
        ancestor, one per ancestor: `attribute_outcomes` rows with `hops` > 0).

    Examples
    --------
    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b", "c"],
    ...                   "referred_by": [None, "a", "b"], "source": "friend",
    ...                   "added_on": pd.to_datetime(["2026-01-01", "2026-02-03", "2026-03-01"])})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["b"], "type": ["meeting"],
    ...                   "date": pd.to_datetime(["2026-02-10"])})
    >>> referral_summary(frames_to_log(c, e), "2026-02-01", "2026-03-01")
    {'introductions': 1, 'introducers': 1, 'deepest_chain': 2, 'outcomes_via_chains': 1}
    """
    shorter = cut(log, end)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    contacts = shorter.contacts
    added = contacts["added_on"]
    new = ((added >= lo) & (added < hi)).to_numpy() & contacts["referred_by"].notna().to_numpy()
    named = contacts.loc[new, ["owner_id", "referred_by"]].drop_duplicates()
    _, depth, cycle, _ = _chains(shorter)
    dated = (added < hi).to_numpy() & ~cycle
    credited = attribute_outcomes(shorter)
    when = credited["date"]
    upstream = (credited["hops"] > 0) & (when >= lo) & (when < hi)
    return {
        "introductions": int(new.sum()),
        "introducers": len(named),
        "deepest_chain": int(depth[dated].max(initial=0)),
        "outcomes_via_chains": int(upstream.sum()),
    }


__all__ = [
    "referral_summary",
    "referral_chains",
    "referral_roots",
    "attribute_outcomes",
    "chain_arrays",
    "OUTCOME_TYPES",
    "OUTCOME_COLUMNS",
]
