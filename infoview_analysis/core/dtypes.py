"""The one set of dtype definitions every table of the package uses.

Text is pyarrow-backed strings, dates are timezone-naive nanosecond datetimes, ids
are categoricals (their codes are the integer keys the metrics work on), and each
vocabulary of `core.vocabulary` has its own ordered set of categories.

>>> SOURCE_DTYPE.categories[0], STRING.storage
('family', 'pyarrow')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from infoview_analysis.core.vocabulary import CHANNELS, EVENT_TYPES, OUTCOMES, SOURCES

__all__ = [
    "STRING",
    "DATETIME",
    "SOURCE_DTYPE",
    "TYPE_DTYPE",
    "CHANNEL_DTYPE",
    "OUTCOME_DTYPE",
    "id_dtype",
    "empty_frame",
]

STRING = pd.StringDtype("pyarrow")
DATETIME = "datetime64[ns]"
SOURCE_DTYPE = pd.CategoricalDtype(list(SOURCES))
TYPE_DTYPE = pd.CategoricalDtype(list(EVENT_TYPES))
CHANNEL_DTYPE = pd.CategoricalDtype(list(CHANNELS))
OUTCOME_DTYPE = pd.CategoricalDtype(list(OUTCOMES))


def id_dtype(ids: list[str] | None = None) -> pd.CategoricalDtype:
    """A categorical dtype for ids (owner, contact, referrer) with string categories.

    Parameters
    ----------
    ids : list of str, optional
        The categories; none gives an empty id space.

    Returns
    -------
    pandas.CategoricalDtype

    Examples
    --------
    >>> id_dtype(["c1", "c2"]).categories.tolist()
    ['c1', 'c2']
    """
    return pd.CategoricalDtype(pd.Index(ids or [], dtype=STRING))


def empty_frame(columns: Sequence[str], dtypes: Mapping[str, object] | None = None) -> pd.DataFrame:
    """A table with no rows: every column of `columns`, `STRING` unless `dtypes` says.

    Parameters
    ----------
    columns : sequence of str
        The columns, in order.
    dtypes : mapping, optional
        Column -> dtype, for the columns that are not text.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> empty_frame(["name", "added_on"], {"added_on": DATETIME}).dtypes.astype(str).tolist()
    ['string', 'datetime64[ns]']
    """
    dtypes = dtypes or {}
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, STRING)) for c in columns})
