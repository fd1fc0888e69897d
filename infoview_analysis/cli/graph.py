"""`infoview graph --data PATH [--owner ID] --format gexf|graphml|html -o FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from infoview_analysis.core.files import write_text_atomically
from infoview_analysis.core.problems import LogError


def export_graph(
    data: list[Path] | Path,
    out: Path,
    fmt: str,
    owner: str | None = None,
    include_personal: bool | None = None,
) -> Path:
    """Load a log, build its graph and write it as GEXF, GraphML or an HTML map.

    `include_personal=None` (the default) shows names on the HTML map of one person's
    network (one owner in the data, or `owner` given); GEXF/GraphML files and cohort
    maps carry them only when asked.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "log.csv").write_text("Name,Date,Type,How Found\\nAna Ruiz,2026-10-01,Coffee chat,Alum\\n")
    >>> p = export_graph(d / "log.csv", d / "g.html", "html")
    >>> text = p.read_text()
    >>> text.startswith("<!DOCTYPE html>"), "Ana Ruiz" in text
    (True, True)
    """
    from infoview_analysis.loading.load import load_log
    from infoview_analysis.metrics.graph import build_graph, write_gexf, write_graphml

    log = load_log(data)
    part = log.for_owner(owner) if owner is not None else log
    owners = part.contacts["owner_id"].astype(object).dropna().unique()
    if include_personal is None:
        # Names on your own map by default; files for Gephi and cohort maps only when asked.
        include_personal = fmt == "html" and (owner is not None or len(owners) <= 1)
    G = build_graph(part, include_personal=include_personal)
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        return write_gexf(G, out)
    if fmt == "graphml":
        return write_graphml(G, out)
    from infoview_analysis.views.network_map import network_html, node_measures

    if len(owners) == 1 and (owner is None or str(owners[0]) == "me"):
        title = "Your network"
    elif len(owners) == 1:
        title = f"The network of {owners[0]}"
    else:
        title = f"The networks of {len(owners):,} people"
    page = network_html(G, measures=node_measures(part, G), title=title)
    return write_text_atomically(out, page)


@click.command(name="graph")
@click.option(
    "--data",
    "data",
    required=True,
    multiple=True,
    type=click.Path(path_type=Path),
    help="Log file(s) or folder(s), as for `infoview validate`.",
)
@click.option("--owner", default=None, help="Only this owner's network.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml", "html"]),
    default=None,
    help="Output format (default: from the file suffix).",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write.",
)
@click.option(
    "--include-personal/--hide-personal",
    default=None,
    help="Names (and in GEXF/GraphML e-mails and URLs) on the nodes. "
    "Default: names on the HTML map of one person's network; hidden otherwise.",
)
def graph_command(
    data: tuple[Path, ...],
    owner: str | None,
    fmt: str | None,
    output: Path,
    include_personal: bool | None,
) -> None:
    """Export the network graph for Gephi (GEXF, GraphML) or as an interactive HTML page."""
    from infoview_analysis.cli.common import fail_with

    if fmt is None:
        fmt = {".gexf": "gexf", ".graphml": "graphml", ".html": "html", ".htm": "html"}.get(
            output.suffix.lower()
        )
        if fmt is None:
            raise click.UsageError(
                "give --format gexf|graphml|html (the output suffix does not say)"
            )
    try:
        path = export_graph(list(data), output, fmt, owner=owner, include_personal=include_personal)
    except LogError as err:
        fail_with(err)
        return
    except OSError as err:  # e.g. -o afile/g.html: one line, not a traceback
        where = err.filename or output
        raise click.ClickException(
            f"cannot write {str(output)!r}: {err.strerror} ({where})"
        ) from None
    click.echo(f"wrote {path}")


__all__ = ["graph_command", "export_graph"]
