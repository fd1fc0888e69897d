"""A report's HTML page: the executed notebook without code, offline, images inline.

One `nbconvert` HTML exporter per process (building one loads its templates), with
the package's own template (`templates/infoview`: no CDN scripts, the report's title
and generation time in the page).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from infoview_analysis import __version__
from infoview_analysis.core.files import write_text_atomically

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["TEMPLATES", "export_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


# Every figure's alternative text: the section's heading and table say what it shows.
FIGURE_ALT = "Chart of this section; its numbers are in the text and table beside it"


@cache
def _exporter():
    """One HTML exporter per process: building one loads its templates (~0.3 s)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last pass.

        `HTMLExporter` ends by re-parsing the finished page with BeautifulSoup to give
        images an alt text and outputs a tabindex: two thirds of a report's export, a
        quarter of the runner's own work per report in a batch. The package's template
        writes both itself (see `templates/infoview`).
        """

        def from_notebook_node(self, nb, resources=None, **kw):
            # the filters HTMLExporter.from_notebook_node registers, then its base's export
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            widgets = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", widgets)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = ReportExporter(
        template_name="infoview",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.environment.globals["figure_alt"] = FIGURE_ALT
    return exporter


def export_html(notebook: NotebookNode, html: Path, title: str, generated: dt.datetime) -> None:
    """Write the executed notebook as an HTML page without code, stderr or prompts.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook (left as it is).
    html : path
        The page to write (atomically).
    title : str
        The page's title.
    generated : datetime
        When the report was made (UTC), shown in the footer.

    Examples
    --------
    >>> import datetime as dt, tempfile, pathlib, nbformat
    >>> from nbformat.v4 import new_notebook, new_markdown_cell
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> nb = new_notebook(cells=[new_markdown_cell("# Network growth")])
    >>> export_html(nb, page, "Test", dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    >>> text = page.read_text()
    >>> "<title>Test</title>" in text, ">Network growth<" in text
    (True, True)
    """
    import nbformat

    # a shallow copy: the exporter copies the notebook deeply itself
    cells = [
        nbformat.NotebookNode(
            {**cell, "outputs": [o for o in cell.outputs if o.get("name") != "stderr"]}
        )
        if cell.get("cell_type") == "code"
        else cell
        for cell in notebook.cells
    ]
    metadata = nbformat.NotebookNode(
        {
            **notebook.metadata,
            "title": title,
            "infoview": {
                "version": __version__,
                "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
            },
        }
    )
    nb = nbformat.NotebookNode({**notebook, "cells": cells, "metadata": metadata})
    body, _ = _exporter().from_notebook_node(nb)
    write_text_atomically(html, body)
