"""A report's HTML page: the executed notebook without code, offline, images inline.

One `nbconvert` HTML exporter per process (building one loads its templates), with
the package's own template (`templates/infoview`: no CDN scripts, the report's title
and generation time in the page).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from infoview_analysis import __version__
from infoview_analysis.core.files import write_text_atomically

__all__ = ["TEMPLATES", "export_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _exporter():
    """One HTML exporter per process: building one loads its templates (~0.3 s)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="infoview",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def export_html(notebook: Any, html: Path, title: str, generated: dt.datetime) -> None:
    """The executed notebook (a path or a notebook) as HTML without code, stderr or
    prompts; images inline."""
    import copy

    import nbformat

    if isinstance(notebook, (str, Path)):
        nb = nbformat.read(notebook, as_version=4)
    else:
        nb = copy.deepcopy(notebook)  # the caller's notebook keeps its stderr
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("name") != "stderr"]
    nb.metadata["title"] = title
    nb.metadata["infoview"] = {
        "version": __version__,
        "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
    }
    body, _ = _exporter().from_notebook_node(nb)
    write_text_atomically(html, body)
