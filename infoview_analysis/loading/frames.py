"""Stacking tables from many files on integer codes: categoricals stay categoricals,
absent columns are added already typed, (owner, contact) pairs become one int64 key.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals

from infoview_analysis.core.dtypes import DATETIME, STRING
from infoview_analysis.loading.values import all_missing

__all__ = [
    "ID_COLUMNS",
    "CATEGORY_COLUMNS",
    "file_column",
    "as_category",
    "concat_tables",
    "shared_categories",
    "with_categories",
    "pair_keys",
    "ensure_columns",
]

ID_COLUMNS = ("owner_id", "contact_id", "referred_by")


CATEGORY_COLUMNS = (*ID_COLUMNS, "type", "channel", "source", "outcome", "_file")


def file_column(where: str, n: int) -> pd.Categorical:
    """The provenance column: the file (and sheet) every row of a table came from.

    Parameters
    ----------
    where : str
    n : int
        Number of rows.

    Returns
    -------
    pandas.Categorical

    Examples
    --------
    >>> file_column("log.csv", 2).tolist()
    ['log.csv', 'log.csv']
    """
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[where])


def as_category(values: pd.Series) -> pd.Categorical:
    """A categorical with string categories (what `union_categoricals` needs).

    Parameters
    ----------
    values : pandas.Series
        Cells of one column.

    Returns
    -------
    pandas.Categorical

    Examples
    --------
    >>> as_category(pd.Series([1, None], dtype=object)).categories.tolist()
    ['1']
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        if cats.dtype == STRING:
            return values.array
        cats = cats.astype(str).astype(STRING)
        return pd.Categorical.from_codes(
            values.cat.codes.to_numpy(), categories=cats, validate=False
        )
    if all_missing(values):
        empty = pd.Index([], dtype=STRING)
        return pd.Categorical.from_codes(np.full(len(values), -1, dtype=np.int8), categories=empty)
    return pd.Categorical(values.astype(STRING))


def concat_tables(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack tables column by column; categoricals stay categoricals (no strings built).

    Parameters
    ----------
    frames : list of pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Columns of every frame; missing where a frame lacks one.

    Examples
    --------
    >>> a = pd.DataFrame({"owner_id": pd.Categorical(["x"]), "_row": [2]})
    >>> b = pd.DataFrame({"owner_id": pd.Categorical(["y"]), "_row": [2]})
    >>> concat_tables([a, b])["owner_id"].cat.categories.tolist()
    ['x', 'y']
    """
    present = [f for f in frames if len(f)]
    if not present:
        return pd.DataFrame({"_row": pd.Series([], dtype=np.int64)})
    if len(present) == 1:
        frame = present[0]
        if not frame.index.equals(pd.RangeIndex(len(frame))):
            frame = frame.reset_index(drop=True)
        # Only the columns that change are replaced (a million-row `assign` of columns
        # already categorical with string categories costs milliseconds for nothing).
        changed = {}
        for column in CATEGORY_COLUMNS:
            if column in frame:
                values = as_category(frame[column])
                if values is not frame[column].array:
                    changed[column] = values
        return frame.assign(**changed) if changed else frame.copy(deep=False)
    columns: list[str] = []
    for f in present:
        columns.extend(c for c in f.columns if c not in columns)
    data = {}
    for column in columns:
        parts = [
            f[column] if column in f else pd.Series(pd.NA, index=f.index, dtype=object)
            for f in present
        ]
        if column in CATEGORY_COLUMNS:
            data[column] = union_categoricals([as_category(p) for p in parts], ignore_order=True)
        elif any(pd.api.types.is_datetime64_any_dtype(p.dtype) for p in parts):
            data[column] = pd.concat(
                [pd.to_datetime(p).astype(DATETIME) for p in parts], ignore_index=True
            )
        else:
            data[column] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(data, copy=False)  # every column was made here: no copy


def shared_categories(series: list[pd.Series], sort: bool = True) -> pd.CategoricalDtype:
    """One categorical dtype holding the categories of every series (sorted by default).

    Parameters
    ----------
    series : list of pandas.Series
        Categoricals.
    sort : bool, default True

    Returns
    -------
    pandas.CategoricalDtype

    Examples
    --------
    >>> shared_categories([pd.Series(["b"], dtype="category"), pd.Series(["a"], dtype="category")]).categories.tolist()
    ['a', 'b']
    """
    cats = [s.cat.categories for s in series if len(s.cat.categories)]
    union = cats[0] if cats else pd.Index([], dtype=STRING)
    for c in cats[1:]:
        union = union.union(c, sort=False)
    union = union.astype(STRING)
    return pd.CategoricalDtype(union.sort_values() if sort else union)


def with_categories(values: pd.Series, dtype: pd.CategoricalDtype) -> pd.Series:
    """`values` recoded onto the categories of `dtype` (values outside become missing).

    Parameters
    ----------
    values : pandas.Series
        A categorical column.
    dtype : pandas.CategoricalDtype

    Returns
    -------
    pandas.Series

    Examples
    --------
    >>> with_categories(pd.Series(["a", "z"]), pd.CategoricalDtype(["a", "b"])).tolist()
    ['a', nan]
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = pd.Series(as_category(values), index=values.index)
    have = values.cat.categories
    if (
        values.cat.ordered == dtype.ordered
        and have.dtype == dtype.categories.dtype
        and have.equals(dtype.categories)
    ):
        return values  # same categories in the same order: the codes hold (no recoding)
    return values.cat.set_categories(dtype.categories)


def pair_keys(frame: pd.DataFrame, id_column: str, width: int) -> np.ndarray:
    """One int64 per (owner, contact): owner code * width + contact code; -1 if either missing.

    Parameters
    ----------
    frame : pandas.DataFrame
        With categorical `owner_id` and `id_column`.
    id_column : str
    width : int
        More than the number of contact categories.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> f = pd.DataFrame({"owner_id": pd.Categorical(["me", "me"]),
    ...                   "contact_id": pd.Categorical(["a", "b"])})
    >>> pair_keys(f, "contact_id", 3).tolist()
    [0, 1]
    """
    # The codes themselves, read-only (`.cat.codes` copies them into a new Series).
    owner = frame["owner_id"].array.codes
    contact = frame[id_column].array.codes
    # In place on one int64 array: at millions of rows every temporary costs a pass.
    keys = owner.astype(np.int64)
    keys *= width
    keys += contact
    # Minima of the small codes first: the mask is built only when one is missing.
    if len(keys) and min(owner.min(), contact.min()) < 0:
        keys[(owner < 0) | (contact < 0)] = -1
    return keys


def ensure_columns(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Add absent columns, all missing, already in their final kind of dtype.

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : sequence of str

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> ensure_columns(pd.DataFrame({"a": [1]}), ["a", "date"]).dtypes["date"]
    dtype('<M8[ns]')
    """
    n = len(frame)
    absent = [c for c in columns if c not in frame]
    if not absent:
        return frame
    # Text columns share one immutable arrow array of nulls (each gets its own pandas
    # array around it: pandas writes into its arrays, never into arrow's buffers).
    nulls = pa.nulls(n, pa.large_string()) if any(_kind(c) == "text" for c in absent) else None
    missing = {}
    for column in absent:
        kind = _kind(column)
        if kind == "date":
            values = np.full(n, np.datetime64("NaT"), DATETIME)
        elif kind == "number":
            values = np.full(n, np.nan)
        elif kind == "category":
            codes = np.full(n, -1, dtype=np.int8)
            values = pd.Categorical.from_codes(codes, dtype=_NO_CATEGORIES, validate=False)
        else:
            values = pd.array(nulls, dtype=STRING)
        missing[column] = values
    # One frame of the absent columns beside the given one: `assign` would insert them
    # one at a time (a third of a millisecond each at a million rows).
    # copy=False: the arrays were made here (a DataFrame copies a dict of arrays otherwise).
    return pd.concat([frame, pd.DataFrame(missing, index=frame.index, copy=False)], axis=1)


def _kind(column: str) -> str:
    if column in ("added_on", "date", "outcome_date"):
        return "date"
    if column == "duration_min":
        return "number"
    return "category" if column in CATEGORY_COLUMNS else "text"


_NO_CATEGORIES = pd.CategoricalDtype(pd.Index([], dtype=STRING))
