"""Static checks of the report notebooks as committed (no kernel needed).

Outputs cleared, one typed and documented `parameters` cell that papermill can read,
the project's named kernel, and no analysis written inline: the notebooks only call
`infoview_analysis` and show what it returns.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import nbformat
import papermill
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = {
    "cohort_outcomes",
    "explore_network",
    "followup_conversion",
    "network_growth",
    "referral_chains",
}
STANDARD = {"data", "start", "end", "period_label", "metrics_path"}
# Method calls that compute on rows; they belong in the package, not in a notebook.
COMPUTING_CALLS = {
    "groupby",
    "iterrows",
    "itertuples",
    "apply",
    "applymap",
    "agg",
    "aggregate",
    "pivot_table",
    "resample",
    "rolling",
    "merge",
}
# Comprehensions that are display glue, listed one by one (notebook, exact source).
GLUE_COMPREHENSIONS = {
    # keep the scalar facts of graph.summary for metrics.json (drop its tables)
    ("explore_network", '{k: v for k, v in facts.items() if not hasattr(v, "columns")}'),
    # bridge labels as escaped Markdown text, one by one
    ("explore_network", '(md_text(x) for x in bridges["label"])'),
}


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def python_source(source: str) -> str:
    """Cell source without IPython magics (`%matplotlib inline`), for `ast`."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def without_comments(source: str) -> str:
    """Code without comments and text ("... for this period." is prose, not a loop)."""
    tokens = tokenize.generate_tokens(io.StringIO(python_source(source)).readline)
    kept = [
        t._replace(string='""') if t.type == tokenize.STRING else t
        for t in tokens
        if t.type != tokenize.COMMENT
    ]
    return tokenize.untokenize(kept)


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def notebook(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def test_the_five_report_notebooks_are_there():
    assert {p.stem for p in PATHS} == EXPECTED


def test_committed_without_outputs(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    for i, cell in enumerate(code_cells(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {i} has outputs"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
    assert "papermill" not in nb.metadata, f"{path.name}: papermill metadata left in"
    for cell in nb.cells:
        assert "papermill" not in cell.metadata
        assert "injected-parameters" not in cell.metadata.get("tags", [])


def test_one_documented_parameters_cell_papermill_reads(notebook):
    path, nb = notebook
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters'"
    assert tagged[0].cell_type == "code"
    params = papermill.inspect_notebook(str(path))
    assert set(params) >= STANDARD, f"{path.name}: missing {STANDARD - set(params)}"
    assert "owner" in params
    for name, spec in params.items():
        # a `# comment` per parameter, so `papermill --help-notebook` documents it
        assert spec["help"].strip(), f"{path.name}: parameter {name!r} has no # comment"
        assert spec["inferred_type_name"] != "None", f"{path.name}: {name!r} has no type"
    # every assignment in the cell is a parameter papermill sees (nothing hidden)
    assigned = {
        node.target.id if isinstance(node, ast.AnnAssign) else node.targets[0].id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.AnnAssign | ast.Assign)
    }
    assert assigned == set(params)
    assert params["metrics_path"]["default"] == '""'


def test_named_kernel(notebook):
    path, nb = notebook
    assert nb.metadata["kernelspec"]["name"] == "infoview", path.name
    assert nb.metadata["kernelspec"]["language"] == "python"


def test_no_computation_inline(notebook):
    """No loops over rows and no metric computed in the notebook (a simple static check)."""
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        if "parameters" in cell.metadata.get("tags", []):
            continue
        tree = ast.parse(python_source(cell.source))
        for node in ast.walk(tree):
            where = f"{path.name}, code cell {i}, line {getattr(node, 'lineno', '?')}"
            assert not isinstance(node, ast.For | ast.While | ast.AsyncFor), f"{where}: a loop"
            if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
                text = ast.get_source_segment(python_source(cell.source), node)
                assert (path.stem, text) in GLUE_COMPREHENSIONS, f"{where}: comprehension {text}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in COMPUTING_CALLS, f"{where}: .{node.func.attr}("
        for word in ("for ", ".groupby(", ".iterrows(", ".apply("):
            code = without_comments(cell.source).splitlines()
            hits = [
                line
                for line, bare in zip(python_source(cell.source).splitlines(), code, strict=False)
                if word in bare and not any(text in line for _, text in GLUE_COMPREHENSIONS)
            ]
            assert not hits, f"{path.name}, code cell {i}: {word!r} in {hits}"


def test_code_only_imports_from_the_package_and_ipython(notebook):
    path, nb = notebook
    for cell in code_cells(nb):
        for node in ast.walk(ast.parse(python_source(cell.source))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] in ("infoview_analysis", "IPython"), (
                    f"{path.name} imports {module}"
                )


def test_markdown_explains_every_section(notebook):
    """Each notebook opens with a title and has prose between its code cells."""
    path, nb = notebook
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= 4, f"{path.name}: only {len(markdown)} markdown cells"
