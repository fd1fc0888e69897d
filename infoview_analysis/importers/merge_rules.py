"""The merge rules as unions: records that share a key joined into one cluster, unless
their profile URLs differ (one person has one profile); what stays apart is returned."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoview_analysis.core.forest import find_roots

__all__ = ["join_pairs", "union_by_key", "union_by_name"]


def join_pairs(n: int, a: np.ndarray, b: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Join the pairs (a[i], b[i]) into `parent` labels (each label = smallest member).

    Parameters
    ----------
    n : int
        How many records there are.
    a, b : numpy.ndarray of int
        Records to join, pair by pair.
    parent : numpy.ndarray of int
        The labels so far (a record's cluster root); not changed.

    Returns
    -------
    numpy.ndarray of int
        The labels with every pair joined.

    Examples
    --------
    >>> join_pairs(4, np.array([1, 3]), np.array([2, 2]), np.arange(4)).tolist()
    [0, 1, 1, 1]
    """
    parent = parent.copy()
    if a.size == 0:
        return parent
    while True:
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            return parent
        lo, hi = np.minimum(ra[differ], rb[differ]), np.maximum(ra[differ], rb[differ])
        np.minimum.at(parent, hi, lo)
        parent = find_roots(parent)  # every record points at its cluster's root


def _cluster_url(label: np.ndarray, url: pd.Series) -> np.ndarray:
    first = pd.Series(url.to_numpy(object)).groupby(label).first()
    return pd.Series(label).map(first).to_numpy(object)


def union_by_key(
    label: np.ndarray, rec: np.ndarray, key: pd.Series, url: pd.Series, rule: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """Union records sharing `key`, except groups whose clusters have different URLs.

    Parameters
    ----------
    label : numpy.ndarray of int
        Each record's cluster so far.
    rec : numpy.ndarray of int
        The record of each key (a record may have several keys).
    key : pandas.Series
        The keys, one per entry of `rec`; missing keys join nothing.
    url : pandas.Series
        Each record's normalized profile URL.
    rule : str
        The rule's name, for the ambiguities.

    Returns
    -------
    (numpy.ndarray, pandas.DataFrame)
        The new labels, and the keys left unmerged (columns key, recs, rule).

    Examples
    --------
    >>> url = pd.Series(["u/a", "u/b", None])
    >>> label, amb = union_by_key(np.arange(3), np.arange(3), pd.Series(["k", "k", "k"]), url, "email")
    >>> label.tolist(), amb[["key", "recs"]].values.tolist()
    ([0, 1, 2], [['k', [0, 1, 2]]])
    """
    frame = pd.DataFrame({"rec": rec, "key": key.to_numpy(object)}).dropna()
    if frame.empty:
        return label, pd.DataFrame(columns=["key", "recs", "rule"])
    frame["url"] = _cluster_url(label, url)[frame["rec"].to_numpy()]
    urls = frame.groupby("key")["url"].nunique()
    conflict = urls[urls > 1].index
    bad = frame["key"].isin(conflict).to_numpy()
    ok = frame[~bad]
    first = ok.groupby("key")["rec"].transform("first").to_numpy()
    label = join_pairs(len(label), ok["rec"].to_numpy(), first, label)
    ambiguous = (
        frame[bad].groupby("key")["rec"].agg(list).reset_index().rename(columns={"rec": "recs"})
    )
    ambiguous["rule"] = rule
    return label, ambiguous


def union_by_name(
    label: np.ndarray, name_key: pd.Series, bare: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rule 4: a name-only record joins the one cluster with its name, if there is one.

    Parameters
    ----------
    label : numpy.ndarray of int
        Each record's cluster so far.
    name_key : pandas.Series
        Each record's normalized name.
    bare : numpy.ndarray of bool
        The records that carry nothing but a name.

    Returns
    -------
    tuple
        As for `union_by_key`: the new labels, and the names left unmerged.

    Examples
    --------
    >>> names = pd.Series(["ana ruiz", "ana ruiz", "bo li"])
    >>> label, amb = union_by_name(np.arange(3), names, np.array([False, True, True]))
    >>> label.tolist(), len(amb)
    ([0, 0, 2], 0)
    """
    frame = pd.DataFrame(
        {"rec": np.arange(len(label)), "key": name_key.to_numpy(object), "bare": bare}
    )
    frame = frame.dropna(subset=["key"])
    if frame.empty:
        return label, pd.DataFrame(columns=["key", "recs", "rule"])
    frame["root"] = label[frame["rec"].to_numpy()]
    anchors = frame[~frame["bare"]].groupby("key")["root"].nunique()
    frame["anchors"] = frame["key"].map(anchors).fillna(0).to_numpy()
    ok = frame[frame["anchors"] <= 1]
    # Join each name's bare records to the (single) anchored cluster, or to each other.
    target = ok.sort_values("bare", kind="stable").groupby("key")["rec"].transform("first")
    join = ok["bare"].to_numpy()
    label = join_pairs(
        len(label), ok["rec"].to_numpy()[join], target.reindex(ok.index).to_numpy()[join], label
    )
    amb = frame[(frame["anchors"] > 1) & frame["bare"]]
    ambiguous = amb.groupby("key")["rec"].agg(list).reset_index().rename(columns={"rec": "recs"})
    ambiguous["rule"] = "name"
    return label, ambiguous
