"""The kernel a batch of reports shares: reused, but reset between reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_client.blocking import BlockingKernelClient

from infoview_analysis.reports.runner import WarmKernel

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
        km = warm.manager(cwd=str(tmp_path))
        assert run(km, "import os\nleft_over = 41\nprint(os.getpid())")["status"] == "ok"
        pid = run(km, "print(os.getpid())")["text"].strip()
        again = warm.manager(cwd=str(tmp_path))
        assert again is km  # the same kernel process...
        import_check = run(again, "import os\nprint(os.getpid())")
        assert import_check["text"].strip() == pid
        # ...with an empty namespace: nothing from the previous report survives
        assert run(again, "print('left_over' in globals())")["text"].strip() == "False"
    finally:
        warm.shutdown()
    assert warm.km is None


def test_a_dead_kernel_is_replaced(tmp_path: Path):
    warm = WarmKernel()
    try:
        km = warm.manager(cwd=str(tmp_path))
        run(km, "import os\nprint(os.getpid())")
        from jupyter_core.utils import run_sync

        run_sync(km.shutdown_kernel)(now=True)
        fresh = warm.manager(cwd=str(tmp_path))
        assert run(fresh, "print(1 + 1)")["text"].strip() == "2"
    finally:
        warm.shutdown()


def test_one_warm_kernel_per_thread():
    """A Dask worker runs reports in several threads: each gets its own kernel."""
    import threading

    from infoview_analysis.reports import runner

    here = runner._warm_kernel()
    assert runner._warm_kernel() is here
    seen = []
    thread = threading.Thread(target=lambda: seen.append(runner._warm_kernel()))
    thread.start()
    thread.join()
    assert seen[0] is not here and seen[0].km is None  # not started until used
