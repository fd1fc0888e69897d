"""The package's shape: public names only across modules, `__all__` everywhere, layers.

These read the source (ast) rather than importing it, so they are fast and see every
module, including ones no other test imports.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "infoview_analysis"
MODULES = sorted(PACKAGE.rglob("*.py"))
# Modules owned elsewhere that still lack `__all__` (named for their owners to fix);
# `test_exceptions_still_lack_all` keeps this list from outliving the fix.
LACKING_ALL: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_imports(path: Path) -> list[str]:
    """`from infoview_analysis.x import _y` and `x._y` on an imported package module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE.name):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                target = ROOT / (node.module or "").replace(".", "/") / f"{alias.name}.py"
                if target.exists():
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE.name):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def _has_all(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return True
    return False


def test_the_walk_sees_the_package():
    names = {_module_name(p) for p in MODULES}
    assert "infoview_analysis.loading.load" in names
    assert "infoview_analysis.core" in names
    assert len(names) > 40


def test_private_import_finder_sees_both_forms(tmp_path):
    fake = tmp_path / "m.py"
    fake.write_text(
        "from infoview_analysis.loading.values import _unmarked, slug\n"
        "from infoview_analysis import __version__\n"
        "from infoview_analysis.loading import rules\n"
        "x = rules._series_rule\n"
    )
    assert _private_imports(fake) == [
        "line 1: from infoview_analysis.loading.values import _unmarked",
        "line 4: rules._series_rule",
    ]


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_no_private_name_imported_across_modules(path):
    assert _private_imports(path) == []


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if p.relative_to(ROOT).as_posix() not in LACKING_ALL],
    ids=_module_name,
)
def test_every_module_has_all(path):
    assert _has_all(path), f"{path.relative_to(ROOT)} has no __all__"


def test_exceptions_still_lack_all():
    fixed = {name for name in LACKING_ALL if _has_all(ROOT / name)}
    assert fixed == set(), f"remove from LACKING_ALL: {sorted(fixed)}"


def test_layer_contracts_kept():
    """`lint-imports` (import-linter) with the contracts of pyproject.toml."""
    bin_dir = Path(sys.executable).parent
    lint = bin_dir / "lint-imports"
    if not lint.exists():
        found = shutil.which("lint-imports")
        if found is None:
            pytest.skip("lint-imports (import-linter) is not installed in this environment")
        lint = Path(found)
    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
