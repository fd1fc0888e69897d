"""The kernel a batch of reports shares: reused, but reset between reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_client.blocking import BlockingKernelClient

from infoview_analysis.reports.kernel import WarmKernel

pytestmark = pytest.mark.notebook


def run(km, code: str) -> dict:
    client = BlockingKernelClient()
    client.load_connection_info(km.get_connection_info())
    client.start_channels()
    outputs: list[dict] = []
    try:
        client.wait_for_ready(timeout=30)
        reply = client.execute_interactive(code, timeout=60, output_hook=outputs.append)
    finally:
        client.stop_channels()
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    return {"status": reply["content"]["status"], "text": text}


def test_shared_kernel_is_reused_and_reset(tmp_path: Path):
    warm = WarmKernel()
    try:
        km = warm.ready(str(tmp_path)).km
        assert run(km, "import os\nleft_over = 41\nprint(os.getpid())")["status"] == "ok"
        pid = run(km, "print(os.getpid())")["text"].strip()
        again = warm.ready(str(tmp_path)).km
        assert again is km  # the same kernel process...
        import_check = run(again, "import os\nprint(os.getpid())")
        assert import_check["text"].strip() == pid
        # ...with an empty namespace: nothing from the previous report survives
        assert run(again, "print('left_over' in globals())")["text"].strip() == "False"
        # reports' cells never go into the user's IPython history database
        history = run(again, "print(get_ipython().history_manager.hist_file)")
        assert history["text"].strip() == ":memory:"
    finally:
        warm.shutdown()
    assert warm.km is None


def test_a_dead_kernel_is_replaced(tmp_path: Path):
    warm = WarmKernel()
    try:
        km = warm.ready(str(tmp_path)).km
        run(km, "import os\nprint(os.getpid())")
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)
        fresh = warm.ready(str(tmp_path)).km
        assert run(fresh, "print(1 + 1)")["text"].strip() == "2"
    finally:
        warm.shutdown()


def test_one_warm_kernel_per_thread():
    """A Dask worker runs reports in several threads: each gets its own kernel."""
    import threading

    from infoview_analysis.reports.kernel import warm_kernel

    here = warm_kernel()
    assert warm_kernel() is here
    seen = []
    thread = threading.Thread(target=lambda: seen.append(warm_kernel()))
    thread.start()
    thread.join()
    assert seen[0] is not here and seen[0].km is None  # not started until used


def test_warm_batch_equals_cold_runs_and_survives_a_failure(tmp_path: Path):
    """Reports run one after another in one warm kernel (a failing one in the middle)
    give the same figures as each run in a kernel of its own; the failure is recorded
    and the next report runs clean."""
    import json

    from infoview_analysis.core.periods import parse_period
    from infoview_analysis.reports.runner import ReportJob, run_job, run_jobs

    personal = str(Path(__file__).resolve().parents[1] / "data" / "sample" / "personal")
    october = parse_period("2026-10")

    def jobs(out: Path) -> list[ReportJob]:
        return [
            ReportJob("followup_conversion", october, personal, "me", {}, out),
            ReportJob("network_growth", october, personal, "me", {"freq": "X"}, out),
            ReportJob("network_growth", october, personal, "me", {}, out / "again"),
        ]

    warm = run_jobs(jobs(tmp_path / "warm"), workers=1, progress=False)
    cold = [run_job(job) for job in jobs(tmp_path / "cold")]
    assert [r.status for r in warm] == [r.status for r in cold] == ["ok", "failed", "ok"]
    for w, c in zip(warm, cold, strict=True):
        if w.status == "ok":
            assert (Path(w.out_dir) / "metrics.json").read_bytes() == (
                Path(c.out_dir) / "metrics.json"
            ).read_bytes()
            nb = json.loads((Path(w.out_dir) / "report.ipynb").read_text())
            assert not any(
                o.get("output_type") == "error"
                for cell in nb["cells"]
                for o in cell.get("outputs", [])
            )
            cold_nb = json.loads((Path(c.out_dir) / "report.ipynb").read_text())
            counts = [cell.get("execution_count") for cell in nb["cells"]]
            assert counts == [cell.get("execution_count") for cell in cold_nb["cells"]]
        else:
            assert w.error == c.error  # the same cell and execution count as in a cold kernel
            assert (Path(w.out_dir) / "failed.ipynb").exists()


def test_a_cell_over_its_time_fails_the_report_and_the_next_runs(tmp_path: Path, monkeypatch):
    """An unattended batch ends: a cell past CELL_TIMEOUT fails its report, and the
    kernel, still busy with it, is replaced before the next report."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError
    from nbformat.v4 import new_code_cell, new_notebook

    from infoview_analysis.reports import kernel

    monkeypatch.setattr(kernel, "CELL_TIMEOUT", 2)
    monkeypatch.setattr(kernel, "KERNEL_TIMEOUT", 5)

    def notebook(name: str, source: str) -> Path:
        nb = new_notebook(cells=[new_code_cell("x = None", metadata={"tags": ["parameters"]})])
        nb.cells.append(new_code_cell(source))
        nb.metadata["kernelspec"] = {"name": kernel.KERNEL_NAME, "language": "python"}
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path

    slow = notebook("slow", "import time\nwhile True:\n    time.sleep(0.1)")
    quick = notebook("quick", "print(x)")
    warm = kernel.WarmKernel()
    try:
        with pytest.raises(CellTimeoutError, match="timed out"):  # run_job records it
            kernel.execute(slow, tmp_path / "slow-out.ipynb", {}, cwd=str(tmp_path), warm=warm)
        busy = warm.km
        done = kernel.execute(quick, tmp_path / "q.ipynb", {"x": 7}, cwd=str(tmp_path), warm=warm)
        assert done.cells[-1].outputs[0]["text"] == "7\n"
        assert warm.km is not busy  # the busy kernel was replaced
    finally:
        warm.shutdown()
