"""Tables as people read them: percentages, rounded numbers, plain dates, words for flags.

`table(frame)` returns a pandas Styler that renders as a clean HTML table in notebooks
and in the HTML reports; the numbers underneath are unchanged.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

ACRONYMS = {"id": "id", "url": "URL", "nace": "NACE"}
# Columns whose values are vocabulary codes: shown as words ("industry leader").
WORDED_COLUMNS = {"source", "type", "channel", "outcome", "owed", "activity_tertile"}
STAGE_WORDS = {
    "contacted": "Contacted",
    "replied": "Replied",
    "met": "Met",
    "thanked": "Thanked in time",
    "followed_up": "Followed up in time",
    "converted": "Converted",
}


def heading(column: object) -> str:
    """A column name as a heading: "replied_rate" -> "Replied rate".

    >>> heading("days_overdue"), heading("owner_id")
    ('Days overdue', 'Owner id')
    """
    words = str(column).replace("_", " ").split()
    if not words:
        return ""
    words = [ACRONYMS.get(w, w) for w in words]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _is_rate(column: str) -> bool:
    return column.endswith(("_rate", "rate", "_share")) or column.startswith("share")


def _float_format(values: pd.Series, name: str) -> str:
    """Percent for rates; whole numbers when all are whole; else enough decimals to differ."""
    if _is_rate(name):
        return "{:.0%}"
    present = values.dropna()
    if present.empty or (present == present.round()).all():
        return "{:,.0f}"
    return "{:,.1f}" if present.abs().max() >= 10 else "{:.3g}"


def table(frame: pd.DataFrame, index: bool = False, max_rows: int | None = None) -> Styler:
    """A display table: rates as %, floats to one decimal, dates without seconds, yes/no.

    >>> html = table(pd.DataFrame({"reply_rate": [0.5], "n": [3]})).to_html()
    >>> "50%" in html and "Reply rate" in html
    True
    """
    shown = frame.head(max_rows) if max_rows else frame
    shown = shown.copy()
    formats: dict[str, object] = {}
    text_columns = []
    for column in shown.columns:
        dtype = shown[column].dtype
        name = str(column)
        if name in WORDED_COLUMNS:
            shown[column] = shown[column].astype("string").str.replace("_", " ", regex=False)
            dtype = shown[column].dtype
        if not (
            pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)
        ):
            text_columns.append(column)
        if pd.api.types.is_bool_dtype(dtype):
            shown[column] = shown[column].map({True: "yes", False: "no"})
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            values = shown[column]
            has_time = bool(((values - values.dt.normalize()) != pd.Timedelta(0)).any())
            formats[column] = (
                (lambda v: "" if pd.isna(v) else f"{v:%Y-%m-%d %H:%M}")
                if has_time
                else (lambda v: "" if pd.isna(v) else f"{v:%Y-%m-%d}")
            )
        elif pd.api.types.is_float_dtype(dtype):
            formats[column] = _float_format(shown[column], name)
        elif pd.api.types.is_integer_dtype(dtype):
            formats[column] = "{:,}"
    styler = shown.style.format(formats, na_rep="–")
    # Words read left-aligned, numbers right-aligned; a table of pre-formatted numbers
    # names its word columns in attrs["text_columns"].
    text_columns = frame.attrs.get("text_columns", text_columns)
    if text_columns:
        styler = styler.set_properties(subset=text_columns, **{"text-align": "left"})
    styler = styler.format_index(heading, axis=1)
    if index:
        styler = styler.format_index(heading, axis=0)
        if shown.index.name:
            styler = styler.format_index_names(heading, axis=0)
    else:
        styler = styler.hide(axis="index")
    return styler.set_table_attributes('class="infoview-table"')


def stages(funnel: pd.DataFrame) -> pd.DataFrame:
    """One funnel row (from `conversion.funnel`) as a stage list: people and share kept.

    >>> f = pd.DataFrame({"contacted": [10], "replied": [5], "replied_rate": [0.5]})
    >>> stages(f)["people"].tolist()
    [10, 5]
    """
    order = ["contacted", "replied", "met", "thanked", "followed_up", "converted"]
    row = funnel.iloc[0]
    present = [s for s in order if s in funnel]
    return pd.DataFrame(
        {
            "stage": [STAGE_WORDS[s] for s in present],
            "people": [int(row[s]) for s in present],
            "share_of_previous_stage": [
                float("nan") if i == 0 else float(row.get(f"{s}_rate", float("nan")))
                for i, s in enumerate(present)
            ],
        }
    )
