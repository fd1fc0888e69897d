"""The package works when installed: the wheel carries the notebooks and templates, and
`infoview report` run from another folder, by a fresh venv, finds them.

No network: the wheel is built with this environment's hatchling
(`pip wheel --no-build-isolation --no-deps`), the fresh venv has no pip and gets the
wheel from this environment's pip (`--python`), and sees this environment's
dependencies through a `.pth` line (not its editable install of the checkout).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import PERIOD, PERSONAL, ROOT

pytestmark = pytest.mark.notebook


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "src"  # a clean copy: no build artefacts land in the checkout
    skipped = shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "build", "dist"
    )

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"reports"} if Path(folder) == ROOT else set()  # generated output only
        return set(skipped(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, source, ignore=ignore)
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(folder / "dist"), str(source)],
        cwd=folder,
    )  # fmt: skip
    (built,) = (folder / "dist").glob("infoview_analysis-*.whl")
    return built


def test_wheel_contains_the_notebooks_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"infoview_analysis/notebooks/{notebook.name}" in names
    assert "infoview_analysis/reports/templates/infoview/index.html.j2" in names
    assert not [n for n in names if n.startswith("notebooks/") or n.startswith("tests/")]


def test_installed_wheel_reports_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        cwd=tmp_path,
    )  # fmt: skip
    site = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            cwd=tmp_path).stdout.strip()
    )  # fmt: skip
    # this environment's dependencies, as plain paths (its .pth files, among them the
    # editable install of the checkout, are not read)
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    work = tmp_path / "elsewhere"
    data = work / "sample"
    shutil.copytree(PERSONAL, data)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter")  # the kernel spec of this venv only
    # the shared dependencies' data files (nbconvert's templates), which installing them
    # into the fresh venv would have put in its own share/jupyter
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    where = run(
        [str(python), "-c",
         "import infoview_analysis.reports.runner as r; print(r.__file__); print(r.NOTEBOOKS)"],
        cwd=work, env=env,
    ).stdout.split()  # fmt: skip
    assert where[0].startswith(str(site)) and where[1] == str(site / "infoview_analysis/notebooks")
    done = run(
        [str(venv / "bin" / "infoview"), "report", "network_growth", "--data", "sample",
         "--owner", "me", "--period", PERIOD, "--jobs", "1", "--out", "out"],
        cwd=work, env=env,
    )  # fmt: skip
    assert "1 report(s) written" in done.stdout, done.stdout + done.stderr
    folder = work / "out" / "network_growth" / PERIOD / "me"
    record = json.loads((folder / "run.json").read_text())
    assert record["status"] == "ok" and record["git_revision"] is None
    assert (folder / "report.html").stat().st_size > 10_000
    assert json.loads((folder / "metrics.json").read_text())["new_contacts"] >= 0
    assert not (ROOT / "build").exists()
