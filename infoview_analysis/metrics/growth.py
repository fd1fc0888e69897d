"""Network growth per period: DESIGN.md "Network growth".

One row per period (and per `by` group). Periods are whole pandas periods (`freq` W,
M, Q, or any period alias); the `period` column holds the `pandas.Period`, with its
half-open bounds `[period_start, period_end)` beside it. Every count is computed from
sorted integer arrays (`searchsorted`, `bincount`, cumulative sums); no graph is built
per period.

Columns:

- `new_contacts`: contacts whose `added_on` falls in the period;
- `cumulative_contacts`: contacts added before the period end (also before `start`);
- `new_via_referral`: of the new, those with a `referred_by` (known or not);
- `outreach`: outreach events in the period;
- `meetings`: meeting events in the period;
- `active_contacts`: contacts with any event in `[period_end - active_days, period_end)`;
- `nodes`, `edges`, `components`: the graph of `graph.build_graph` as it stood at
  the period end (weakly connected components).

The graph at a period end holds the owners, every person with a contact row added
before the end (a person shared by owners of the group is one node, present from its
earliest row), and each row's edge (owner -> direct contact, referrer -> referred)
once both ends are present; edges repeated by merged persons count once. Owners are
present in every period. Components are exact in every case (shared persons joining
owners' networks, cycles, a contact added before its referrer): they come from a
minimum spanning forest of the edges weighted by the time they appear (Borůvka's
algorithm, vectorized), since the forest edges present at time t span exactly the
components of the graph at t, so components = nodes - forest edges present.

With `by`, each group gets its own graph: for owner-level columns (`owner_id` and the
roster's `cohort`, `program`, `advisor`, `outcome`) that is the union of the group's
owners' graphs, every owner present from the start even with no contacts; for
contact-level columns (e.g. `source`) it is the subgraph induced by the group's
contacts, each owner present from its first contact in the group, and a referral
edge kept only when both contacts are in the group. Contacts without an `added_on`
(no date and no events) are in no period.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from infoview_analysis.core.forest import find_roots
from infoview_analysis.metrics.per_log import NEVER
from infoview_analysis.metrics.per_log import cut as cut_log

if TYPE_CHECKING:
    from infoview_analysis.core.model import InterviewLog

METRIC_COLUMNS = [
    "new_contacts",
    "cumulative_contacts",
    "new_via_referral",
    "outreach",
    "meetings",
    "active_contacts",
    "nodes",
    "edges",
    "components",
]
PERIOD_COLUMNS = ["period", "period_start", "period_end"]
OWNER_LEVEL = ("owner_id", "cohort", "program", "advisor", "outcome")
_ALWAYS = np.iinfo(np.int64).min


def _ns(values: pd.Series | np.ndarray) -> np.ndarray:
    """Datetimes as int64 nanoseconds, NaT as 'never'."""
    array = np.asarray(values, dtype="datetime64[ns]")
    out = array.view(np.int64).copy()
    out[np.isnat(array)] = NEVER
    return out


def _slots(times: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Slot 0 before the first period, 1 + p inside period p, P + 1 after the last."""
    slot = np.searchsorted(ends, times, side="right") + 1
    slot[times < starts[0]] = 0
    return slot


def _histogram(groups: np.ndarray, slots: np.ndarray, n_groups: int, n_periods: int) -> np.ndarray:
    width = n_periods + 2
    flat = np.bincount(groups * width + slots, minlength=n_groups * width)
    return flat.reshape(n_groups, width)


def _in_period(hist: np.ndarray) -> np.ndarray:
    return hist[:, 1:-1]


def _by_period_end(hist: np.ndarray) -> np.ndarray:
    return np.cumsum(hist, axis=1)[:, 1:-1]


# Leaf peeling stops after this many rounds (a long chain is left to Borůvka) or once a
# round takes fewer edges than 1/_PEEL_SLOWDOWN of those left: then Borůvka is cheaper.
_PEEL_ROUNDS = 64
_PEEL_SLOWDOWN = 16


def spanning_forest(n_nodes: int, u: np.ndarray, v: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Mask of the edges in the minimum spanning forest (ties broken by edge order).

    With ties broken by edge order every edge has its own rank, so the forest is unique.
    An edge at a node of degree 1 (self-loops not counted) is a bridge, in every
    spanning forest: such leaves are peeled off in a few vectorized rounds (a contact
    network is mostly trees), and Borůvka runs on what is left (the cycles of merged
    persons and what joins them).

    >>> spanning_forest(4, np.array([0, 1, 0, 2]), np.array([1, 2, 2, 2]), np.array([1, 2, 3, 0])).tolist()
    [True, True, False, False]
    """
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    taken = np.zeros(len(u), dtype=bool)
    eid = np.flatnonzero(u != v)
    if eid.size == 0:
        return taken
    deg = np.bincount(u[eid], minlength=n_nodes) + np.bincount(v[eid], minlength=n_nodes)
    for _ in range(_PEEL_ROUNDS):
        eu, ev = u[eid], v[eid]
        leaf = (deg[eu] == 1) | (deg[ev] == 1)
        n_leaf = int(np.count_nonzero(leaf))
        if n_leaf == 0:
            break
        taken[eid[leaf]] = True
        np.subtract.at(deg, eu[leaf], 1)
        np.subtract.at(deg, ev[leaf], 1)
        eid = eid[~leaf]
        if n_leaf * _PEEL_SLOWDOWN < eid.size:
            break
    if eid.size:
        # Borůvka on the rest, its nodes numbered 0..k-1; the rest's edges keep their
        # order, so ties break as they would over all edges.
        used = np.zeros(n_nodes, dtype=bool)
        used[u[eid]] = True
        used[v[eid]] = True
        local = np.cumsum(used) - 1
        k = int(local[-1]) + 1
        taken[eid[_boruvka(k, local[u[eid]], local[v[eid]], weight[eid])]] = True
    return taken


def _boruvka(n_nodes: int, u: np.ndarray, v: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Mask of the minimum spanning forest's edges (ties broken by edge order).

    Vectorized Borůvka: each pass every component takes its lightest outgoing edge,
    components joined by the taken edges merge (pointer jumping), edges inside a
    component drop out. At most log2(n) passes; self-loops are never taken. The
    lightest edge is the first of the lightest weight: two minimum passes, no sort.
    """
    m = len(u)
    taken = np.zeros(m, dtype=bool)
    if m == 0:
        return taken
    weight = np.asarray(weight)
    top = np.inf if weight.dtype.kind == "f" else np.iinfo(weight.dtype).max
    label = np.arange(n_nodes, dtype=np.int64)
    eid = np.flatnonzero(u != v)
    while eid.size:
        cu, cv = label[u[eid]], label[v[eid]]
        inside = cu == cv
        if inside.any():
            eid, cu, cv = eid[~inside], cu[~inside], cv[~inside]
            if eid.size == 0:
                break
        w = weight[eid]
        lightest = np.full(n_nodes, top, dtype=weight.dtype)
        np.minimum.at(lightest, cu, w)
        np.minimum.at(lightest, cv, w)
        best = np.full(n_nodes, m, dtype=np.int64)
        at_u, at_v = w == lightest[cu], w == lightest[cv]
        np.minimum.at(best, cu[at_u], eid[at_u])
        np.minimum.at(best, cv[at_v], eid[at_v])
        comps = np.flatnonzero(best < m)
        chosen = best[comps]
        taken[chosen] = True
        lu, lv = label[u[chosen]], label[v[chosen]]
        other = np.where(lu == comps, lv, lu)
        ptr = np.arange(n_nodes, dtype=np.int64)
        ptr[comps] = other
        mutual = (ptr[other] == comps) & (comps < other)
        ptr[comps[mutual]] = comps[mutual]
        label = find_roots(ptr)[label]
    return taken


def _group_codes(
    log: InterviewLog, by: Sequence[str]
) -> tuple[np.ndarray, pd.DataFrame, np.ndarray | None]:
    """Group code per contact row, the group keys, and per-owner codes if owner-level."""
    contacts = log.contacts
    owner_codes = contacts["owner_id"].cat.codes.to_numpy().astype(np.int64)
    owner_cats = contacts["owner_id"].cat.categories
    if not by:
        return np.zeros(len(contacts), np.int64), pd.DataFrame(index=[0]), None
    owner_level = all(col in OWNER_LEVEL for col in by)
    if owner_level:
        roster = log.owners.copy()
        roster["owner_id"] = roster["owner_id"].astype(object)
        table = pd.DataFrame({"owner_id": owner_cats.astype(object)})
        extra = [c for c in by if c != "owner_id"]
        if extra:
            table = table.merge(roster[["owner_id", *extra]], on="owner_id", how="left")
        present = np.zeros(len(owner_cats), dtype=bool)
        present[owner_codes[owner_codes >= 0]] = True
        present |= table["owner_id"].isin(roster["owner_id"]).to_numpy()
        keys = table[list(by)]
        code = keys.groupby(list(by), dropna=False, sort=True).ngroup().to_numpy()
        # Renumber over the owners that are in this log only.
        used, per_owner = np.unique(np.where(present, code, -1), return_inverse=True)
        if used.size and used[0] == -1:
            per_owner = per_owner - 1
        per_owner = np.where(present, per_owner, -1)
        first = pd.Series(np.arange(len(table)))[present].groupby(per_owner[present]).first()
        group_keys = keys.iloc[first.to_numpy()].reset_index(drop=True)
        return per_owner[owner_codes], group_keys, per_owner
    frame = pd.DataFrame(
        {
            c: (
                contacts[c].to_numpy()
                if c in contacts
                else log.owners.set_index(log.owners["owner_id"].astype(object))[c]
                .reindex(contacts["owner_id"].astype(object))
                .to_numpy()
            )
            for c in by
        }
    )
    grouped = frame.groupby(list(by), dropna=False, sort=True, observed=True)
    code = grouped.ngroup().to_numpy().astype(np.int64)
    first = pd.Series(np.arange(len(frame))).groupby(code).first()
    group_keys = frame.iloc[first.to_numpy()].reset_index(drop=True)
    return code, group_keys, None


def _periods(log: InterviewLog, freq: str, start: object, end: object) -> pd.PeriodIndex | None:
    stamps = pd.concat([log.contacts["added_on"], log.events["date"]], ignore_index=True).dropna()
    first = pd.Timestamp(start) if start is not None else (stamps.min() if len(stamps) else None)
    last = (
        pd.Timestamp(end) - pd.Timedelta(1, "ns")
        if end is not None
        else (stamps.max() if len(stamps) else None)
    )
    if first is None or last is None or last < first:
        return None
    return pd.period_range(pd.Period(first, freq), pd.Period(last, freq), freq=freq)


def _graph_counts(
    log: InterviewLog,
    group: np.ndarray,
    owner_group: np.ndarray | None,
    n_groups: int,
    added: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    owners_always: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes, edges and components per (group, period end)."""
    from infoview_analysis.metrics.graph import log_person_index

    n_periods = len(starts)
    contacts = log.contacts
    n = len(contacts)
    owner_codes = contacts["owner_id"].cat.codes.to_numpy().astype(np.int64)
    parent = log.referrer_pos

    # Owner nodes, one per (group, owner).
    if owners_always:
        if owner_group is None:
            present = np.zeros(len(contacts["owner_id"].cat.categories), dtype=bool)
            present[owner_codes] = True
            listed = pd.Categorical(
                log.owners["owner_id"].astype(object),
                categories=contacts["owner_id"].cat.categories,
            ).codes
            present[listed[listed >= 0]] = True
            owner_group = np.where(present, 0, -1)
        owners_in = np.flatnonzero(owner_group >= 0)
        owner_node_group = owner_group[owners_in]
        owner_node_time = np.full(len(owners_in), _ALWAYS, dtype=np.int64)
        owner_node_of = np.full(len(owner_group), -1, dtype=np.int64)
        owner_node_of[owners_in] = np.arange(len(owners_in))
        row_owner_node = owner_node_of[owner_codes]
    else:
        key = group * np.int64(len(contacts["owner_id"].cat.categories)) + owner_codes
        uniq, row_owner_node = np.unique(key, return_inverse=True)
        owner_node_group = np.asarray(group)[np.unique(row_owner_node, return_index=True)[1]]
        owner_node_time = np.full(len(uniq), NEVER, dtype=np.int64)
        np.minimum.at(owner_node_time, row_owner_node, added)
    n_owner_nodes = len(owner_node_group)

    # Person nodes, one per (group, person).
    person = log_person_index(log)
    if n_groups == 1:
        # One group: the persons are the representative rows (person[i] == i, and
        # person[i] <= i), already in order, so numbering them needs no sort.
        rep = person == np.arange(n)
        row_person = (np.cumsum(rep) - 1)[person]
        n_person = int(np.count_nonzero(rep))
        person_group = np.zeros(n_person, dtype=np.int64)
    else:
        pkey = group * np.int64(max(n, 1)) + person
        uniq_p, row_person = np.unique(pkey, return_inverse=True)
        n_person = len(uniq_p)
        person_group = uniq_p // np.int64(max(n, 1))
        del pkey, uniq_p
    person_time = np.full(n_person, NEVER, dtype=np.int64)
    np.minimum.at(person_time, row_person, added)
    row_node = row_person + n_owner_nodes
    node_group = np.concatenate([owner_node_group, person_group])
    node_time = np.concatenate([owner_node_time, person_time])

    # One edge per contact row, towards it from the owner or from the referrer.
    has_parent = parent >= 0
    safe_parent = np.maximum(parent, 0)
    same_group = ~has_parent | (group[safe_parent] == group) if n else has_parent
    src = np.where(has_parent, row_node[safe_parent] if n else row_node, row_owner_node)
    keep = same_group & (added != NEVER)
    src, dst = src[keep], row_node[keep]
    etime = np.maximum(added[keep], node_time[src])
    # Merged persons can repeat an edge: keep the first appearance of each pair.
    # Only an edge into a merged person can repeat another (same head, same person), so
    # only those are sorted; the first appearance is the earliest, then the first row.
    merged = np.flatnonzero(np.bincount(row_person, minlength=n_person)[row_person[keep]] > 1)
    if merged.size:
        pair = src[merged] * np.int64(len(node_time)) + dst[merged]
        order = np.lexsort((etime[merged], pair))
        later = np.zeros(len(order), dtype=bool)
        later[1:] = pair[order][1:] == pair[order][:-1]
        if later.any():
            unique = np.ones(len(src), dtype=bool)
            unique[merged[order[later]]] = False
            src, dst, etime = src[unique], dst[unique], etime[unique]
    edge_group = node_group[dst]
    n_nodes = len(node_time)
    nodes = _by_period_end(
        _histogram(node_group, _slots(node_time, starts, ends), n_groups, n_periods)
    )
    # Only the edges are needed from here on: the rows' arrays go before the forest's
    # own temporaries come (this is growth's largest moment in memory).
    del owner_codes, row_owner_node, row_person, person_time, row_node, node_group, node_time
    del has_parent, safe_parent, same_group, keep, merged

    forest = spanning_forest(n_nodes, src, dst, etime)
    edges = _by_period_end(_histogram(edge_group, _slots(etime, starts, ends), n_groups, n_periods))
    spanning = _by_period_end(
        _histogram(edge_group[forest], _slots(etime[forest], starts, ends), n_groups, n_periods)
    )
    return nodes, edges, nodes - spanning


# _active walks the events in slices of this many rows: its temporaries (several arrays
# the length of a slice) stay small beside a cohort's millions of events.
_ACTIVE_SLICE = 1 << 20


def _active(
    pos: np.ndarray,
    times: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    ends: np.ndarray,
    active_days: float,
) -> np.ndarray:
    """Distinct contacts with an event in [end - active_days, end), per (group, period).

    `pos` and `times`: each event's contact row (-1 for none) and int64 time.
    """
    n_periods = len(ends)
    ok = pos >= 0
    if not ok.all():
        pos, times = pos[ok], times[ok]
    if not (np.all(pos[1:] >= pos[:-1])):
        order = np.lexsort((times, pos))
        pos, times = pos[order], times[order]
    window = np.int64(pd.Timedelta(days=active_days).value)
    width = n_periods + 1
    delta = np.zeros(n_groups * width, dtype=np.int64)
    last_pos, last_hi = -1, 0  # the previous slice's last event
    for at in range(0, len(pos), _ACTIVE_SLICE):
        p = pos[at : at + _ACTIVE_SLICE]
        t = times[at : at + _ACTIVE_SLICE]
        lo = np.searchsorted(ends, t, side="right")
        hi = np.searchsorted(ends, t + window, side="right")
        # Events of one contact are in time order: the ranges [lo, hi) only move right,
        # so the union of a contact's ranges counts each period end once.
        same = np.empty(len(p), dtype=bool)
        same[0] = p[0] == last_pos
        same[1:] = p[1:] == p[:-1]
        prev_hi = np.empty(len(p), dtype=np.int64)
        prev_hi[0] = last_hi
        prev_hi[1:] = hi[:-1]
        last_pos, last_hi = p[-1], hi[-1]
        lo = np.where(same, np.maximum(lo, prev_hi), lo)
        live = lo < hi
        g = group[p[live]] * width
        delta += np.bincount(g + lo[live], minlength=n_groups * width)
        delta -= np.bincount(g + hi[live], minlength=n_groups * width)
    return np.cumsum(delta.reshape(n_groups, width), axis=1)[:, :n_periods]


def network_growth(
    log: InterviewLog,
    freq: str = "M",
    start: object = None,
    end: object = None,
    by: str | Sequence[str] | None = None,
    active_days: float = 90,
) -> pd.DataFrame:
    """Per period (and `by` group): new and cumulative contacts, activity, graph size.

    `start` and `end` (exclusive) pick the periods, whole periods from the one holding
    `start` to the one holding the instant before `end`; by default the span of the
    data. `by` is a column name or a list of them (see the module docstring). Empty
    periods appear with zeros. Columns: the `by` columns, `period`, `period_start`,
    `period_end`, `new_contacts`, `cumulative_contacts`, `new_via_referral`,
    `meetings`, `active_contacts`, `nodes`, `edges`, `components`.

    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "referred_by": [None, "a"],
    ...                   "source": "friend", "added_on": pd.to_datetime(["2026-01-10", "2026-03-02"])})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "type": "meeting",
    ...                   "date": pd.to_datetime(["2026-01-20", "2026-03-05"])})
    >>> g = network_growth(frames_to_log(c, e))
    >>> cols = ["period", "new_contacts", "cumulative_contacts", "meetings", "active_contacts", "nodes"]
    >>> print(g[cols].to_string(index=False))
     period  new_contacts  cumulative_contacts  meetings  active_contacts  nodes
    2026-01             1                    1         1                1      2
    2026-02             0                    1         0                1      2
    2026-03             1                    2         1                2      3
    """
    by_cols = [by] if isinstance(by, str) else list(by or [])
    periods = _periods(log, freq, start, end)
    columns = [*by_cols, *PERIOD_COLUMNS, *METRIC_COLUMNS]
    if periods is None:
        return pd.DataFrame({c: [] for c in columns}).astype({c: "int64" for c in METRIC_COLUMNS})
    starts = periods.start_time.to_numpy().astype("datetime64[ns]").view(np.int64)
    ends = (periods + 1).start_time.to_numpy().astype("datetime64[ns]").view(np.int64)
    n_periods = len(periods)
    group_keys, metrics = _growth_arrays(log, starts, ends, by_cols, active_days)
    n_groups = len(group_keys)
    keys = group_keys.iloc[np.repeat(np.arange(n_groups), n_periods)].reset_index(drop=True)
    out = {
        **{c: keys[c] for c in by_cols},
        "period": pd.PeriodIndex(np.tile(periods, n_groups), freq=periods.freq),
        "period_start": np.tile(starts, n_groups).view("datetime64[ns]"),
        "period_end": np.tile(ends, n_groups).view("datetime64[ns]"),
        **{name: values.reshape(-1).astype(np.int64) for name, values in metrics.items()},
    }
    return pd.DataFrame({c: out[c] for c in columns})  # one frame, not a column at a time


def _growth_arrays(
    log: InterviewLog,
    starts: np.ndarray,
    ends: np.ndarray,
    by_cols: list[str],
    active_days: float,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Group keys and every metric column as a (group, period) array: the one definition."""
    n_periods = len(starts)
    contacts = log.contacts
    group, group_keys, owner_group = _group_codes(log, by_cols)
    n_groups = len(group_keys)
    added = _ns(contacts["added_on"])
    slots = _slots(added, starts, ends)
    contact_hist = _histogram(group, slots, n_groups, n_periods)
    referred = contacts["referred_by"].notna().to_numpy()
    referral_hist = _histogram(group[referred], slots[referred], n_groups, n_periods)
    del slots, referred
    # The graph first: its temporaries (rows of contacts) are gone before the event
    # times (rows of events) exist, so the two never add up in memory.
    nodes, edges, components = _graph_counts(
        log,
        group,
        owner_group,
        n_groups,
        added,
        starts,
        ends,
        owner_group is not None or not by_cols,
    )

    ev_pos = log.event_contact_pos
    ev_times = _ns(log.events["date"].to_numpy())

    def events_of(kind: str) -> np.ndarray:
        hit = (log.events["type"] == kind).to_numpy() & (ev_pos >= 0)
        slot = _slots(ev_times[hit], starts, ends)
        return _in_period(_histogram(group[ev_pos[hit]], slot, n_groups, n_periods))

    metrics = {
        "new_contacts": _in_period(contact_hist),
        "cumulative_contacts": _by_period_end(contact_hist),
        "new_via_referral": _in_period(referral_hist),
        "outreach": events_of("outreach"),
        "meetings": events_of("meeting"),
        "active_contacts": _active(ev_pos, ev_times, group, n_groups, ends, active_days),
        "nodes": nodes,
        "edges": edges,
        "components": components,
    }
    return group_keys, metrics


def growth_summary(
    log: InterviewLog, start: object, end: object, active_days: float = 90
) -> dict[str, int]:
    """The `network_growth` columns for one window `[start, end)`, whole log, as of `end`.

    The same arrays as `network_growth`, for a window that need not be a calendar
    period (a report's explicit dates); rows dated on or after `end` are cut first.

    Parameters
    ----------
    log : InterviewLog
        The log (every owner in it counts).
    start, end : date-like
        The half-open window.
    active_days : float
        Trailing window of `active_contacts`, ending at `end`.

    Returns
    -------
    dict
        `METRIC_COLUMNS` -> int.

    Examples
    --------
    >>> from infoview_analysis.loading.load import frames_to_log
    >>> c = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "referred_by": [None, "a"],
    ...                   "source": "friend", "added_on": pd.to_datetime(["2026-01-10", "2026-03-02"])})
    >>> e = pd.DataFrame({"owner_id": "me", "contact_id": ["a", "b"], "type": "meeting",
    ...                   "date": pd.to_datetime(["2026-01-20", "2026-03-05"])})
    >>> s = growth_summary(frames_to_log(c, e), "2026-03-01", "2026-04-01")
    >>> s["new_contacts"], s["new_via_referral"], s["cumulative_contacts"], s["meetings"]
    (1, 1, 2, 1)
    """
    cut = cut_log(log, end)
    bounds = pd.DatetimeIndex([pd.Timestamp(start), pd.Timestamp(end)]).as_unit("ns")
    ns = bounds.asi8
    _, metrics = _growth_arrays(cut, ns[:1], ns[1:], [], active_days)
    return {name: int(values.reshape(-1)[0]) for name, values in metrics.items()}


__all__ = ["network_growth", "growth_summary", "spanning_forest", "METRIC_COLUMNS"]
