"""Cell values: ids, free text and vocabulary values, cleaned per distinct value.

Every function here works once per distinct value of a column (categoricals) or in
one pyarrow pass, never once per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infoview_analysis.core.dtypes import STRING
from infoview_analysis.core.problems import is_missing
from infoview_analysis.core.spreadsheet_safety import TEXT_MARK, restore_formulas
from infoview_analysis.core.vocabulary import normalize_value

__all__ = [
    "any_negative",
    "recode_categories",
    "remap_codes",
    "clean_id",
    "normalize_ids",
    "slug",
    "normalize_text",
    "normalize_vocab",
    "arrow_cast",
    "all_missing",
    "as_text",
]


def recode_categories(
    values: pd.Series, func: Callable[[object], object], kept: np.ndarray | None = None
) -> pd.Series:
    """Apply `func` to each distinct value of a column (None drops it), as a categorical.

    The work is per distinct value, not per row: a million-row column with a handful
    of spellings costs a handful of calls.

    Parameters
    ----------
    values : pandas.Series
        Any column; it is made categorical first when it is not.
    func : callable
        Maps one distinct value to its new value, or None to make it missing.
    kept : numpy.ndarray of bool, optional
        Per category: True where `func` is known to give the value back unchanged
        (checked in one vectorized pass by the caller), so it is not called there.

    Returns
    -------
    pandas.Series
        A categorical with string categories.

    Examples
    --------
    >>> recode_categories(pd.Series([" a", "a ", None]), str.strip).tolist()
    ['a', 'a', <NA>]
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("category")
    cats = values.cat.categories
    if kept is not None and kept.all():
        unchanged, mapped = True, []
    else:
        listed = cats.tolist()
        if kept is not None:
            mapped = [c if keep else func(c) for c, keep in zip(listed, kept, strict=True)]
        else:
            mapped = [func(c) for c in listed]
        unchanged = mapped == listed
    if unchanged:
        # Nothing to change (the usual case for clean ids and vocabularies): keep the
        # codes, only make sure the categories are strings.
        if cats.dtype == STRING:
            return values
        return pd.Series(
            pd.Categorical.from_codes(
                values.cat.codes.to_numpy(), categories=cats.astype(STRING), validate=False
            ),
            index=values.index,
        )
    new_index = pd.Index([m for m in mapped if m is not None], dtype=STRING).unique()
    position = new_index.get_indexer(
        pd.Index([m if m is not None else "" for m in mapped], dtype=STRING)
    )
    position = np.where([m is None for m in mapped], -1, position) if len(mapped) else position
    # Code -1 (missing) picks the appended -1; the lookup has the smallest code dtype
    # pandas keeps for these categories, so the new codes are not copied again.
    lookup = np.append(np.asarray(position, dtype=np.int64), -1).astype(_codes_dtype(new_index))
    new_codes = remap_codes(values.cat.codes.to_numpy(), lookup)
    return pd.Series(
        pd.Categorical.from_codes(new_codes, dtype=pd.CategoricalDtype(new_index), validate=False),
        index=values.index,
    )


def remap_codes(codes: np.ndarray, lookup: np.ndarray) -> np.ndarray:
    """`lookup[code]` for every code, code -1 (missing) picking `lookup`'s last entry.

    Parameters
    ----------
    codes : numpy.ndarray
        Categorical codes, -1 for missing.
    lookup : numpy.ndarray
        One new code per category, then the new code of a missing value.

    Returns
    -------
    numpy.ndarray
        With `lookup`'s dtype.

    Examples
    --------
    >>> remap_codes(np.array([1, -1, 0], dtype=np.int8), np.array([5, 7, -1], dtype=np.int8)).tolist()
    [7, -1, 5]
    """
    if codes.dtype == np.int8 and len(codes):
        # Byte codes read as 0..255 (-1 is 255) through a 256-entry table: arrow's take
        # accepts byte indices as they are, where numpy first widens them all to intp.
        table = np.full(256, lookup[-1], dtype=lookup.dtype)
        table[: len(lookup) - 1] = lookup[:-1]
        taken = pc.take(pa.array(table), pa.array(codes.view(np.uint8)))
        return taken.to_numpy(zero_copy_only=False)
    return lookup[codes.astype(np.intp)]  # -1 picks the last entry; numpy indexes with intp


def _codes_dtype(categories: pd.Index) -> type[np.signedinteger]:
    """The integer dtype pandas gives the codes of a categorical with these categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if len(categories) < np.iinfo(dtype).max:
            return dtype
    return np.int64


def clean_id(value: object) -> str | None:
    """One id as a stripped string; Excel's 17.0 becomes '17', blank becomes None.

    Parameters
    ----------
    value : object

    Returns
    -------
    str or None

    Examples
    --------
    >>> clean_id(" s01 "), clean_id(17.0), clean_id("  ")
    ('s01', '17', None)
    """
    if isinstance(value, str):  # the usual case, kept cheap: called once per distinct id
        return _unmarked(value.strip()) or None
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _unmarked(text: str) -> str:
    """A cell infoview wrote with a formula mark ('=x) read back as it was (=x)."""
    if not text.startswith(TEXT_MARK):
        return text
    return str(restore_formulas(pd.Series([text])).iat[0])


def normalize_ids(values: pd.Series) -> pd.Series:
    """Ids as a categorical of stripped strings (see `clean_id`).

    Parameters
    ----------
    values : pandas.Series
        Id cells as read (numbers, text, categorical).

    Returns
    -------
    pandas.Series
        Categorical with string categories.

    Examples
    --------
    >>> normalize_ids(pd.Series([17.0, " ana ", None])).tolist()
    ['17', 'ana', <NA>]
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("category")
    return recode_categories(values, clean_id, _plain_ids(values.cat.categories))


# An id `clean_id` gives back as it is: printable ASCII at both ends (nothing to strip),
# not starting with the formula mark.
_PLAIN_ID = r"(?s)^[\x21-\x26\x28-\x7e](.*[\x21-\x7e])?$"


def _plain_ids(categories: pd.Index) -> np.ndarray | None:
    """Per category, True when it is text that `clean_id` keeps as it is (one arrow pass)."""
    if not isinstance(categories.dtype, pd.StringDtype) or TEXT_MARK != "'":
        return None
    text = categories.astype(STRING).array  # arrow-backed either way: no copy of the text
    arrow = pa.chunked_array(text._pa_array)  # noqa: SLF001 - zero-copy view
    plain = pc.fill_null(pc.match_substring_regex(arrow, _PLAIN_ID), False)
    return plain.to_numpy(zero_copy_only=False)


def slug(text: object) -> str | None:
    """A readable id from a name: lowercase words joined by '-'.

    Parameters
    ----------
    text : object

    Returns
    -------
    str or None
        None when nothing readable is left.

    Examples
    --------
    >>> slug("  Dr. Ana  Núñez ")
    'dr-ana-núñez'
    """
    if is_missing(text):
        return None
    out = re.sub(r"[\W_]+", "-", str(text).casefold()).strip("-")
    return out or None


def normalize_text(values: pd.Series) -> pd.Series:
    """Strip text; empty becomes missing. Stays categorical when it came categorical.

    A cell that infoview neutralized for spreadsheets ('=x) is read back as it was.

    Parameters
    ----------
    values : pandas.Series
        Free-text cells as read.

    Returns
    -------
    pandas.Series
        pyarrow strings (or a categorical when `values` was one).

    Examples
    --------
    >>> normalize_text(pd.Series([" Acme ", "  ", None, "'=1+1"])).tolist()
    ['Acme', <NA>, <NA>, '=1+1']
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Decoded by arrow (pandas' astype builds the strings one by one).
        return as_text(recode_categories(values, lambda v: _unmarked(str(v).strip()) or None))
    if values.dtype != STRING:
        values = values.astype(STRING)
    arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
    if arrow.null_count == len(arrow):  # an empty column (notes nobody wrote): nothing to do
        return values
    # Checked on the cells that hold text when most are empty (notes): stripping only
    # removes bytes, so as many bytes as before means nothing was stripped.
    present = arrow.drop_null() if arrow.null_count > len(arrow) // 2 else arrow
    stripped = pc.utf8_trim_whitespace(present)
    if _text_bytes(stripped) == _text_bytes(present) and not pc.any(pc.equal(stripped, "")).as_py():
        cleaned, texts = arrow, present  # nothing stripped, no empty cell: no copy made
    else:
        stripped = pc.utf8_trim_whitespace(arrow)
        blank = pc.fill_null(pc.equal(stripped, ""), False)
        cleaned = texts = pc.if_else(blank, pa.scalar(None, stripped.type), stripped)
    del stripped
    if pc.any(pc.starts_with(texts, TEXT_MARK)).as_py():
        return restore_formulas(pd.Series(pd.array(cleaned, dtype=STRING), index=values.index))
    if cleaned is arrow:
        return values
    return pd.Series(pd.array(cleaned, dtype=STRING), index=values.index)


def _text_bytes(text: pa.ChunkedArray) -> int:
    """Bytes of text the cells hold, read off each chunk's offsets (no pass over cells)."""
    total = 0
    for chunk in text.chunks:
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], dtype=width)
        total += int(offsets[chunk.offset + len(chunk)] - offsets[chunk.offset])
    return total


def normalize_vocab(values: pd.Series, vocabulary: str) -> pd.Series:
    """Map spellings onto the vocabulary, per distinct value.

    Unrecognized values are kept as written so that the rules can report them.

    Parameters
    ----------
    values : pandas.Series
        Cells as typed (e.g. "Coffee chat").
    vocabulary : {'source', 'type', 'channel', 'outcome'}

    Returns
    -------
    pandas.Series
        Categorical.

    Examples
    --------
    >>> normalize_vocab(pd.Series(["Alum", "alumnni", None]), "source").tolist()
    ['alumni', 'alumnni', <NA>]
    """
    return recode_categories(
        values, lambda v: normalize_value(vocabulary, v) or (str(v).strip() or None)
    )


def arrow_cast(values: pd.Series, arrow_type: pa.DataType) -> pd.Series | None:
    """Cast arrow-backed strings in one pyarrow pass; None when a value does not fit.

    A numeric column is returned as it is.

    Parameters
    ----------
    values : pandas.Series
        Cells read as text.
    arrow_type : pyarrow.DataType

    Returns
    -------
    pandas.Series or None

    Examples
    --------
    >>> arrow_cast(pd.Series(["1.5", " 2"], dtype=STRING), pa.float64()).tolist()
    [1.5, 2.0]
    >>> arrow_cast(pd.Series(["30 min"], dtype=STRING), pa.float64()) is None
    True
    """
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return values if pd.api.types.is_numeric_dtype(values.dtype) else None
    try:
        arrow = pa.chunked_array(values.array._pa_array)  # noqa: SLF001 - zero-copy view
        try:
            cast = pc.cast(arrow, arrow_type)
        except pa.ArrowInvalid:
            cast = pc.cast(pc.utf8_trim_whitespace(arrow), arrow_type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.Series(cast.to_numpy(), index=values.index)


def any_negative(values: pd.Series) -> bool:
    """Any number below zero; missing is none.

    On float64 by the least value (`fmin` skips NaN): one read, no mask of every row.

    Parameters
    ----------
    values : pandas.Series
        Numbers.

    Returns
    -------
    bool

    Examples
    --------
    >>> any_negative(pd.Series([30.0, np.nan])), any_negative(pd.Series([np.nan, -5.0]))
    (False, True)
    """
    if values.dtype == np.float64:
        numbers = values.to_numpy()
        return bool(len(numbers)) and bool(np.fmin.reduce(numbers) < 0)
    return bool((values < 0).any())


def all_missing(values: pd.Series) -> bool:
    """True for an object column holding nothing but missing values.

    Parameters
    ----------
    values : pandas.Series
        A column as read.

    Returns
    -------
    bool
        True when the column holds only missing cells.

    Examples
    --------
    >>> all_missing(pd.Series([None, None])), all_missing(pd.Series(["a"]))
    (True, False)
    """
    return values.dtype == object and bool(values.isna().all())


def as_text(values: pd.Series) -> pd.Series:
    """Values as pyarrow-backed strings; a categorical is decoded by pyarrow, not Python.

    Parameters
    ----------
    values : pandas.Series
        Cells of any dtype, categorical included.

    Returns
    -------
    pandas.Series
        dtype `STRING`, the categories decoded.

    Examples
    --------
    >>> as_text(pd.Series(["a", None, "a"], dtype="category")).tolist()
    ['a', <NA>, 'a']
    """
    if values.dtype == STRING:
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        dictionary = pa.array(values.cat.categories.astype(str).tolist(), pa.string())
        indices = pa.array(codes.astype(np.int32), mask=codes < 0)
        decoded = pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string())
        return pd.Series(pd.array(decoded, dtype=STRING), index=values.index)
    if all_missing(values):
        nulls = pa.nulls(len(values), pa.large_string())
        return pd.Series(pd.array(nulls, dtype=STRING), index=values.index)
    return values.astype(STRING)
