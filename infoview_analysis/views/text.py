"""Data as text, never as markup: escaping for HTML, Markdown and matplotlib.

Names, organizations and owner ids come from files people fill in; a report must
show `<img src=x onerror=...>` as those characters, never run it, and draw
`$\\alert{x}$` as a name, not as mathtext. Every view that puts a value from the data
into HTML, Markdown or a figure goes through one of these helpers:

- `html_text` for HTML (table cells, attributes, the map);
- `md_text` for Markdown cells built from data (`display(Markdown(...))`): HTML
  characters become entities, Markdown punctuation and `$` (MathJax) are
  backslash-escaped, so the value reads as typed;
- `figure_text` for matplotlib text (titles, labels, ticks, annotations): `$` is
  escaped so mathtext never starts.
"""

from __future__ import annotations

import html
import re

# Markdown punctuation that can start emphasis, links, code, headings, lists, tables,
# math (`$`) or an autolink (`:` of a URL: the renderer links a bare http://..., and the
# link swallows the `**` after it); backslash-escaping any ASCII punctuation is allowed
# by CommonMark, so escaping a few more than needed is harmless.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def html_text(value: object) -> str:
    """A value as HTML text: `&`, `<`, `>`, and both quotes become entities.

    >>> html_text('"><svg onload=alert(1)>')
    '&quot;&gt;&lt;svg onload=alert(1)&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def md_text(value: object) -> str:
    """A value for a Markdown cell, shown literally (no markup, no math, no HTML).

    >>> md_text("o<img src=x onerror=alert(1)>")
    'o&lt;img src=x onerror=alert\\\\(1\\\\)&gt;'
    >>> md_text("Jo $$ Bloggs *CEO*")
    'Jo \\\\$\\\\$ Bloggs \\\\*CEO\\\\*'
    """
    text = html.escape("" if value is None else str(value), quote=True)
    # Entities contain `#` and `;` only after escaping; escape punctuation first on
    # the raw text would double-escape the `&`, so escape around the entities.
    parts = re.split(r"(&(?:amp|lt|gt|quot|#x27);)", text)
    return "".join(p if i % 2 else _MD_SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))


def figure_text(value: object) -> str:
    """A value for a matplotlib text artist: `$` escaped so mathtext never parses it.

    >>> figure_text(r"$\\alert{x}$")
    '\\\\$\\\\alert{x}\\\\$'
    """
    return ("" if value is None else str(value)).replace("$", r"\$")


__all__ = ["figure_text", "html_text", "md_text"]
