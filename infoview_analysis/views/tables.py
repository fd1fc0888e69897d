"""Tables as people read them, the same way in every report.

`table(frame)` returns a pandas Styler that renders as a clean HTML table in notebooks
and in the HTML reports; the numbers underneath are unchanged. One format per kind:

- counts as whole numbers with thousands separators (`1,234`);
- rates as percentages (`45%`); a rate over fewer than `MIN_RATE_BASE` people is shown
  as its counts (`3 of 4*`) and the caption says it is too small to compare;
- other numbers (medians, means) whole when whole (`3`, never `3.0`), else one decimal;
- dates as `YYYY-MM-DD` (with the time only when a time is there), yes/no for flags,
  vocabulary codes as words ("industry leader"), "–" for nothing;
- plain headings ("Conversion rate", "Reply rate", "Students"), names rather than ids
  (a contact id is dropped when the name is there), no constant id columns (the
  caption says what every row shares; the owner of a seeker's report is left out);
- a `describe()`-like delay table becomes one line per delay in words: "median 3 days
  (half within 1–6, 9 in 10 within 12)";
- a table by period starts where the data starts (leading empty periods are left out,
  and the caption says so);
- every value is HTML-escaped (`escape="html"`): names like `<img onerror=...>` show as
  typed. Long tables are sortable in the HTML reports (the report template's small
  script sorts `table.sortable` by a click on a heading; no external library).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from infoview_analysis.metrics.rates import MIN_RATE_BASE
from infoview_analysis.views.text import html_text, md_text

ACRONYMS = {"id": "id", "url": "URL", "nace": "NACE"}
# Plain words for column names that would read oddly word by word.
LABELS = {
    "owner_id": "Owner",
    "contact_id": "Contact",
    "n_owners": "Students",
    "owners": "Students",
    "replied_rate": "Reply rate",
    "met_rate": "Meeting rate",
    "thanked_rate": "Thanked in time",
    "followed_up_rate": "Followed up in time",
    "converted_rate": "Conversion rate",
    "conversion_rate": "Conversion rate",
    "followed_up": "Followed up",
    "days_overdue": "Days overdue",
    "in_degree": "Introduced by",
    "out_degree": "Links out",
}
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
SORTABLE_MIN_ROWS = 10  # tables this long get sortable headings in the HTML reports
DELAY_WORDS = {
    "reply_delay_days": "Reply",
    "thank_you_delay_days": "Thank-you after a meeting",
    "follow_up_delay_days": "Follow-up after a meeting",
}
SMALL_BASE_MARK = "*"
# Id columns a name makes redundant for a reader.
ID_COLUMNS = ("contact_id", "root")
# Columns that count the graph's size: never zero, so they do not mark a period as started.
GRAPH_SIZE_COLUMNS = {"nodes", "edges", "components"}
NO_INTERACTIONS = "no interactions logged yet (no messages, meetings or other events)"
LONG_TEXT = 24  # characters: a text column this long gets room instead of a narrow stack


def heading(column: object) -> str:
    """A column name as a heading: "replied_rate" -> "Reply rate".

    >>> heading("days_overdue"), heading("owner_id"), heading("new_contacts")
    ('Days overdue', 'Owner', 'New contacts')
    """
    name = str(column)
    if name in LABELS:
        return LABELS[name]
    words = name.replace("_", " ").split()
    if not words:
        return ""
    words = [ACRONYMS.get(w, w) for w in words]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _may_hold_text(dtype: object) -> bool:
    """Object, string and categorical columns; the text of a number, flag or date is
    never blank."""
    return not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
        or isinstance(dtype, pd.PeriodDtype)
    )


def _is_rate(column: str) -> bool:
    return column.endswith(("_rate", "rate", "_share")) or column.startswith("share")


def number(value: object) -> str:
    """One number as shown: whole numbers without decimals, others to one decimal.

    >>> number(3.0), number(1234), number(0.6667), number(float("nan"))
    ('3', '1,234', '0.7', '–')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    v = round(float(value), 1)  # type: ignore[arg-type]  # 11.98 reads as 12, not 12.0
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"


def percent(value: object) -> str:
    """A rate as a whole percentage.

    >>> percent(0.6667), percent(float("nan"))
    ('67%', '–')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return f"{float(value):.0%}"  # type: ignore[arg-type]


def rate_text(rate: object, count: object = None, base: object = None) -> str:
    """A rate as shown everywhere: a percentage, or over fewer than `MIN_RATE_BASE`
    people its counts with the small-base mark (too few to compare as a rate).

    >>> rate_text(0.75, 3, 4), rate_text(0.6, 6, 10), rate_text(float("nan"), 0, 0)
    ('3 of 4*', '60%', '–')
    >>> rate_text(0.5)  # no counts known: the percentage
    '50%'
    """
    if _is_small_base(base) and not pd.isna(count):  # type: ignore[arg-type]
        return f"{int(count):,} of {int(base):,}{SMALL_BASE_MARK}"  # type: ignore[call-overload]
    return percent(rate)


def _is_small_base(base: object) -> bool:
    if base is None or base is pd.NA or (isinstance(base, float) and np.isnan(base)):
        return False
    return 0 < float(base) < MIN_RATE_BASE  # type: ignore[arg-type]


SMALL_BASE_NOTE = (
    f"{SMALL_BASE_MARK} Fewer than {MIN_RATE_BASE} people: shown as counts, "
    "too few to compare as a rate."
)


def _rate_bases(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    from infoview_analysis.metrics.conversion import RATE_BASES

    bases = dict(RATE_BASES)
    bases["converted_rate"] = ("converted", "contacted")
    if "contacted" not in frame.columns and "threads" in frame.columns:
        # followup_effect: conversions over the threads in each group
        bases["conversion_rate"] = ("converted", "threads")
    bases.update(frame.attrs.get("rate_bases", {}))
    return {
        r: (num, base)
        for r, (num, base) in bases.items()
        if r in frame.columns and num in frame.columns and base in frame.columns
    }


def _floats(values: pd.Series) -> np.ndarray:
    """A column as float64 numbers, NaN where it holds none (missing or not a number)."""
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _describe_like(frame: pd.DataFrame) -> bool:
    return {"count", "50%", "25%", "75%"} <= {str(c) for c in frame.columns}


def delay_words(summary: pd.DataFrame, unit: str = "days") -> pd.DataFrame:
    """A `describe()`-like delay summary (rows = delays) as one sentence per delay.

    >>> s = pd.DataFrame({"count": [12.0], "50%": [3.0], "25%": [1.0], "75%": [6.0],
    ...                   "90%": [12.0]}, index=["reply_delay_days"])
    >>> delay_words(s).iloc[0].astype(str).tolist()
    ['Reply', '12', 'median 3 days (half within 1–6, 9 in 10 within 12)']
    """
    rows = []
    for name, row in summary.iterrows():
        count = int(row.get("count", 0) or 0)
        if count == 0 or pd.isna(row.get("50%")):
            words = "none yet"
        else:
            words = f"median {number(row['50%'])} {unit} "
            words += f"(half within {number(row['25%'])}–{number(row['75%'])}"
            if "90%" in row and not pd.isna(row["90%"]) and count >= 10:
                words += f", 9 in 10 within {number(row['90%'])}"
            words += ")"
        label = DELAY_WORDS.get(str(name), str(name).replace("_", " ").capitalize())
        rows.append((label, count, words))
    out = pd.DataFrame(rows, columns=["delay", "people", "typical"])
    out.attrs["text_columns"] = ["delay", "typical"]
    return out


def _leading_empty_periods(frame: pd.DataFrame) -> int:
    """How many rows at the top, by period, have nothing in any number column."""
    if "period" not in frame.columns or len(frame) < 2:
        return 0
    numbers = frame.select_dtypes("number")
    numbers = numbers.drop(columns=[c for c in numbers if str(c) in GRAPH_SIZE_COLUMNS])
    if numbers.empty:
        return 0
    empty = (numbers.fillna(0) == 0).all(axis=1).to_numpy()
    if "period" in frame.columns and frame["period"].duplicated().any():
        # several rows per period (by source): a period is empty when all its rows are
        empty = pd.Series(empty).groupby(frame["period"].to_numpy()).transform("all").to_numpy()
    first = np.flatnonzero(~empty)
    return int(first[0]) if len(first) else 0


class Table(Styler):
    """The Styler `table` returns. A notebook shows it through `_repr_html_`, written
    here directly for the plain tables `table` makes (index hidden, one row of headings,
    left-aligned word columns): the same HTML as `Styler.to_html`, without its
    template engine and per-cell passes. A table changed after `table` (another
    format, style or caption) renders as any Styler.
    """

    def _repr_html_(self) -> str | None:  # type: ignore[override]
        plain = self.__dict__.get("_plain")
        if plain is None or plain[0] != self._plain_state() or not self._plain_size():
            return super()._repr_html_()
        return self._plain_html(*plain[1])

    def _plain_state(self) -> tuple:
        """What `table` set and a later Styler call would change."""
        return (
            id(self.data),
            len(self._todo),
            self.caption,
            self.table_attributes,
            tuple(self.hide_index_),
            tuple(self.hide_columns_),
            tuple(self.hidden_rows),
            tuple(self.hidden_columns),
            len(self.table_styles or ()),
            self.uuid,
            self.cell_ids,
            tuple(map(id, self._display_funcs.values())),
            tuple(map(id, self._display_funcs_columns.values())),
        )

    def _plain_size(self) -> bool:
        """Small enough that the Styler would show every cell, and set up as `table` does."""
        from pandas import get_option

        rows, cols = self.data.shape
        return (
            get_option("styler.render.repr") == "html"
            and get_option("styler.render.max_rows") is None
            and get_option("styler.render.max_columns") is None
            and rows * cols <= get_option("styler.render.max_elements")
            and self.columns.is_unique
            and self.columns.nlevels == 1
        )

    def _plain_html(self, text_columns: list, long: list) -> str:
        uid = self.uuid
        columns = list(self.columns)
        out = ['<style type="text/css">\n']
        for style in self.table_styles or ():
            props = "".join(f"  {p}: {v};\n" for p, v in style["props"])
            out.append(f"#T_{uid} {style['selector']} {{\n{props}}}\n")
        # Cells of one style share one rule, rules in the order the cells come.
        groups: dict[tuple, list[str]] = {}
        styled = [
            (c, (("text-align", "left"),) + ((("min-width", "14em"),) if col in long else ()))
            for c, col in enumerate(columns)
            if col in text_columns
        ]
        for r in range(len(self.data)):
            for c, props in styled:
                groups.setdefault(props, []).append(f"#T_{uid}_row{r}_col{c}")
        for props, cells in groups.items():
            lines = "".join(f"  {p}: {v};\n" for p, v in props)
            out.append(f"{', '.join(cells)} {{\n{lines}}}\n")
        out.append("</style>\n")
        attributes = f" {self.table_attributes}" if self.table_attributes else ""
        out.append(f'<table id="T_{uid}"{attributes}>\n')
        if self.caption:
            out.append(f"  <caption>{self.caption}</caption>\n")
        out.append("  <thead>\n    <tr>\n")
        heads = self._display_funcs_columns
        for c, col in enumerate(columns):
            out.append(
                f'      <th id="T_{uid}_level0_col{c}" class="col_heading level0 col{c}" >'
                f"{heads[(0, c)](col)}</th>\n"
            )
        out.append("    </tr>\n  </thead>\n  <tbody>\n")
        cells = self._display_funcs
        for r, row in enumerate(self.data.itertuples(index=False, name=None)):
            out.append("    <tr>\n")
            for c, value in enumerate(row):
                out.append(
                    f'      <td id="T_{uid}_row{r}_col{c}" class="data row{r} col{c}" >'
                    f"{cells[(r, c)](value)}</td>\n"
                )
            out.append("    </tr>\n")
        out.append("  </tbody>\n</table>\n")
        return "".join(out)


def table(
    frame: pd.DataFrame,
    index: bool = False,
    max_rows: int | None = None,
    caption: str | None = None,
) -> Styler:
    """A display table: one format per kind of number, plain headings, escaped values.

    >>> html = table(pd.DataFrame({"reply_rate": [0.5], "n": [3]})).to_html()
    >>> "50%" in html and "Reply rate" in html
    True
    >>> t = pd.DataFrame({"owner_id": "me", "name": ["<b>Ana</b>"], "contact_id": ["a"],
    ...                   "contacted": [4], "converted": [3], "conversion_rate": [0.75]})
    >>> html = table(t).to_html()
    >>> "&lt;b&gt;Ana" in html, "3 of 4*" in html, ">Owner<" in html, ">Contact<" in html
    (True, True, False, False)
    """
    if _describe_like(frame):
        frame = delay_words(frame)
        index = False
    notes: list[str] = []
    skip = _leading_empty_periods(frame)
    shown = frame.iloc[skip:] if skip else frame
    if skip:
        first = shown["period"].iloc[0]
        notes.append(f"Starts at {first}, where the data starts.")
    total = len(shown)
    shown = shown.head(max_rows) if max_rows else shown
    if max_rows and total > max_rows:
        notes.append(f"The first {max_rows:,} of {total:,} rows.")
    shown = shown.copy()
    dropped: list[object] = []  # dropped at once below: each drop copies the table
    # Names rather than ids, and no column that says the same thing on every row.
    for id_column in ID_COLUMNS:
        if "name" in shown.columns and id_column in shown.columns:
            has_name = shown["name"].notna()
            if not has_name.all():
                shown["name"] = shown["name"].astype(object).where(has_name, shown[id_column])
            dropped.append(id_column)
    for column in list(shown.columns):
        name = str(column)
        if column in dropped:
            continue
        is_id = name == "owner_id" or name.endswith("_id")
        if is_id and len(shown) >= 1 and shown[column].nunique(dropna=False) == 1:
            if name != "owner_id" and len(shown) > 1:
                first = shown[column].astype(object).iloc[0]
                notes.append(f"Every row: {heading(name)} {first}.")
            dropped.append(column)
    if len(shown) >= 2:
        # Columns that say nothing: all missing, all blank, or a flag that is never set.
        for column in list(shown.columns):
            if column in dropped:
                continue
            values = shown[column]
            blank = values.isna()
            if _may_hold_text(values.dtype):  # only text can be blank without being missing
                blank |= values.astype(object).astype(str).str.strip() == ""
            never = pd.api.types.is_bool_dtype(values.dtype) and not values.any()
            if bool(blank.all()) or never:
                dropped.append(column)
    if dropped:
        shown = shown.drop(columns=dropped)
    formats: dict[object, object] = {}
    text_columns = []
    small = False
    for rate_column, (num, base) in _rate_bases(shown).items():
        bases = _floats(shown[base])
        few = (bases < MIN_RATE_BASE) & (bases > 0)
        small = small or bool(few.any())
        shown[rate_column] = [
            rate_text(v, n, b)
            for n, b, v in zip(_floats(shown[num]), bases, _floats(shown[rate_column]), strict=True)
        ]
    if small or frame.attrs.get("small_base"):
        notes.append(SMALL_BASE_NOTE)
    for column in shown.columns:
        dtype = shown[column].dtype
        name = str(column)
        if name in WORDED_COLUMNS:
            shown[column] = shown[column].astype("string").str.replace("_", " ", regex=False)
            dtype = shown[column].dtype
        is_number = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        if not (is_number or pd.api.types.is_datetime64_any_dtype(dtype)) and not (
            _is_rate(name) and name in frame.columns
        ):
            text_columns.append(column)  # words (and yes/no) read left-aligned
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
            formats[column] = percent if _is_rate(name) else number
        elif pd.api.types.is_integer_dtype(dtype):
            formats[column] = number
    styler = Table(shown).format(formats, na_rep="–", escape="html")
    # Words read left-aligned, numbers right-aligned; a table of pre-formatted numbers
    # names its word columns in attrs["text_columns"].
    text_columns = [c for c in frame.attrs.get("text_columns", text_columns) if c in shown]
    long: list[object] = []
    if text_columns:
        styler = styler.set_properties(subset=text_columns, **{"text-align": "left"})
        # ... and so do their headings (a heading sits over its column's words).
        styler = styler.set_table_styles(
            {c: [{"selector": "th", "props": "text-align: left;"}] for c in text_columns},
            overwrite=False,
        )
        long = [c for c in text_columns if shown[c].astype(str).str.len().max() > LONG_TEXT]
        if long:
            styler = styler.set_properties(subset=long, **{"min-width": "14em"})
    styler = styler.format_index(lambda c: html_text(heading(c)), axis=1)
    if index:
        styler = styler.format_index(lambda c: html_text(heading(c)), axis=0)
        if shown.index.name:
            styler = styler.format_index_names(lambda c: html_text(heading(c)), axis=0)
    else:
        styler = styler.hide(axis="index")
    if caption:
        notes.insert(0, caption)
    if notes:
        styler = styler.set_caption(html_text(" ".join(notes)))
        styler = styler.set_table_styles(
            [{"selector": "caption", "props": "caption-side: bottom; text-align: left;"}],
            overwrite=False,
        )
    classes = "infoview-table" + (" sortable" if len(shown) >= SORTABLE_MIN_ROWS else "")
    styler = styler.set_table_attributes(f'class="{classes}"')
    if not index:  # the plain table Table._repr_html_ writes directly
        styler.__dict__["_plain"] = (styler._plain_state(), (text_columns, long))
    return styler


def stages(funnel: pd.DataFrame) -> pd.DataFrame:
    """One funnel row (from `conversion.funnel`) as a stage list: people, and the share
    of the stage each is measured against (as the funnel chart says it).

    >>> f = pd.DataFrame({"contacted": [10], "replied": [5], "converted": [2]})
    >>> stages(f).values.tolist()
    [['Contacted', 10, ''], ['Replied', 5, '50% of contacted'], ['Converted', 2, '20% of contacted']]
    """
    from infoview_analysis.metrics.conversion import RATE_BASES

    base_of = {num: base for num, base in RATE_BASES.values()}
    order = ["contacted", "replied", "met", "thanked", "followed_up", "converted"]
    row = funnel[[s for s in order if s in funnel]].sum()
    present = list(row.index)
    shares = []
    for i, s in enumerate(present):
        base = base_of.get(s, present[i - 1] if i else None)
        if base is None or base not in row.index or i == 0:
            shares.append("")
            continue
        n, b = int(row[s]), int(row[base])
        if b == 0:
            shares.append("–")
        elif b < MIN_RATE_BASE:
            shares.append(f"{n} of {b} {STAGE_WORDS[base].lower()}")
        else:
            shares.append(f"{percent(n / b)} of {STAGE_WORDS[base].lower()}")
    out = pd.DataFrame(
        {
            "stage": [STAGE_WORDS[s] for s in present],
            "people": [int(row[s]) for s in present],
            "share": shares,
        }
    )
    out.attrs["text_columns"] = ["stage", "share"]
    return out


def _warning_text(problem: object) -> str:
    """A problem as one line, naming the file by its name, not its whole path."""
    from pathlib import Path

    text = str(problem)
    file = getattr(problem, "file", None)
    if file:
        text = text.replace(str(file), Path(str(file)).name, 1)
    return text


def or_note(frame: pd.DataFrame, note: str, **kwargs: object) -> object:
    """`table(frame)`, or `note` as a sentence when the frame has no rows (an empty
    table with headings only says nothing).

    >>> or_note(pd.DataFrame(columns=["a"]), "Nothing yet.").data
    'Nothing yet.'
    """
    if len(frame):
        return table(frame, **kwargs)  # type: ignore[arg-type]
    from IPython.display import Markdown

    return Markdown(note)  # our own sentence, not data


def log_summary(log: object, limit: int = 10) -> str:
    """The log in one Markdown line, its warnings listed (escaped), not just counted.

    A log with contacts and no events (a LinkedIn import) says so plainly: the report's
    sections that need interactions then say in one line why they are empty.

    >>> from infoview_analysis.core.model import empty_log
    >>> log_summary(empty_log())
    'no people yet, 0 contacts, no interactions logged yet (no messages, meetings or other events)'
    """
    s = log.summary()  # type: ignore[attr-defined]
    owners = int(s["owners"])
    who = {0: "no people yet", 1: "1 person"}.get(owners, f"{owners:,} people")
    if s["first_date"] is None or pd.isna(s["first_date"]):
        line = f"{who}, {int(s['contacts']):,} contacts, {NO_INTERACTIONS}"
    else:
        span = f"{s['first_date']:%Y-%m-%d} to {s['last_date']:%Y-%m-%d}"
        line = f"{who}, {int(s['contacts']):,} contacts, {int(s['events']):,} events, {span}"
    warnings = [_warning_text(w) for w in getattr(log, "warnings", [])]
    if not warnings:
        return line
    head = "1 warning" if len(warnings) == 1 else f"{len(warnings):,} warnings"
    items = "".join(f"\n- {md_text(w)}" for w in warnings[:limit])
    more = f"\n- … and {len(warnings) - limit:,} more" if len(warnings) > limit else ""
    return f"{line}, {head}:\n{items}{more}"


__all__ = [
    "LABELS",
    "Table",
    "NO_INTERACTIONS",
    "SORTABLE_MIN_ROWS",
    "delay_words",
    "heading",
    "log_summary",
    "number",
    "or_note",
    "percent",
    "rate_text",
    "stages",
    "table",
]
