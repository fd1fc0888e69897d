"""The kernel that runs report notebooks: registered once, kept warm through a batch.

`ensure_kernel` registers this environment's Python as the kernel `infoview`.
`WarmKernel` is one running kernel and one connected client that the reports of a
batch share: the kernel is started and its libraries imported once per worker, and
before each report its namespace is cleared and its figures closed, so nothing leaks
from one report into the next. `execute` runs a parameterized notebook with papermill,
in a warm kernel when given one.

A warm run goes through papermill's own notebook client with two differences that a
batch needs and a single run does not notice: the client stays connected between
reports (connecting a new one waits 0.2 s for the kernel's output to go quiet, twice per
report) and the notebook is written once, when it is done, not after every cell (a
report is written in a private work folder that nobody watches; see `publish`).
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import Any

from infoview_analysis.core.files import write_text_atomically

__all__ = [
    "KERNEL_NAME",
    "KERNEL_DISPLAY",
    "RESET_CODE",
    "KERNEL_TIMEOUT",
    "CELL_TIMEOUT",
    "ensure_kernel",
    "WarmKernel",
    "warm_kernel",
    "execute",
]

KERNEL_NAME = "infoview"
KERNEL_DISPLAY = "Python (infoview)"
# What runs before each report in a shared kernel: an empty namespace, no open figure.
# %reset ends with a full garbage collection, 0.1 s over the ~120,000 objects of the
# imported libraries and the loaded log; frozen after the first, those objects are not
# scanned again, and each report's own garbage is still collected by the next reset.
# The execution count starts again at 1, so a report's cells are numbered as in a
# kernel of its own, whichever reports the worker ran before.
RESET_CODE = (
    "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"
    "import gc as _gc\n_gc.freeze()\ndel _gc\nget_ipython().execution_count = 1"
)
# Seconds to wait for a kernel to start or answer the reset; a kernel that does not is
# replaced.
KERNEL_TIMEOUT = 60
# Seconds one cell may run before its report is failed ("Cell execution timed out"): an
# unattended batch must end. The longest cell of a 3,000-student cohort report takes
# seconds; a kernel still busy after it is replaced before the next report.
CELL_TIMEOUT = 1800
_WARM_ENGINE = "infoview-warm"
_MEMORY_HISTORY = "--HistoryManager.hist_file=:memory:"


def ensure_kernel() -> str:
    """Register this environment's Python as the named kernel `infoview`, once.

    The spec runs the kernel with its log at CRITICAL: its start-up and shutdown
    notices would otherwise land in every report run's output.

    Returns
    -------
    str
        The kernel's name, for papermill's `kernel_name`.

    Examples
    --------
    >>> ensure_kernel()
    'infoview'
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    argv = [
        sys.executable,
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
        "--IPKernelApp.log_level=CRITICAL",
    ]
    try:
        if manager.get_kernel_spec(KERNEL_NAME).argv == argv:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    spec = {
        "argv": argv,
        "display_name": KERNEL_DISPLAY,
        "language": "python",
        "metadata": {"debugger": True},
    }
    # Written in place with an atomic rename rather than install_kernel_spec, whose
    # remove-then-copy races when two test workers or batch processes register at once.
    folder = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomically(folder / "kernel.json", json.dumps(spec, indent=1))
    return KERNEL_NAME


# Kernels of one process start one at a time: jupyter_client picks free ports per
# process, and two threads (Dask workers) starting at once could take the same.
_KERNEL_START = threading.Lock()


class WarmKernel:
    """One running kernel and its connected client, shared by a batch's reports.

    `ready(cwd)` gives a kernel whose namespace was just cleared (`RESET_CODE`); a
    kernel that died or does not answer is replaced by a new one.

    Examples
    --------
    >>> warm = WarmKernel()
    >>> warm.km is None  # nothing starts until a report needs it
    True
    >>> warm.shutdown()
    """

    def __init__(self) -> None:
        self.km: Any = None
        self.kc: Any = None

    def ready(self, cwd: str) -> WarmKernel:
        """This kernel, reset for the next report (started or replaced when needed)."""
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)() and self._reset():
            return self
        self.shutdown()
        from jupyter_client.manager import AsyncKernelManager

        with _KERNEL_START:
            km = AsyncKernelManager(kernel_name=ensure_kernel())
            # history in memory, as nbclient starts its kernels: every report's cells would
            # otherwise go into the user's IPython history database, one write per cell
            run_sync(km.start_kernel)(cwd=cwd, extra_arguments=[_MEMORY_HISTORY])
        kc = km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=KERNEL_TIMEOUT)
        except Exception:
            kc.stop_channels()
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
            raise
        kc.allow_stdin = False
        self.km, self.kc = km, kc
        return self

    def _reset(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            reply = run_sync(self.kc.execute_interactive)(
                RESET_CODE, timeout=KERNEL_TIMEOUT, output_hook=lambda _msg: None
            )
            return reply["content"]["status"] == "ok"
        except Exception:  # a kernel that cannot be reset is replaced
            return False

    def shutdown(self) -> None:
        """Stop the client and the kernel (nothing when none is running)."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            with contextlib.suppress(Exception):  # already gone
                self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            with contextlib.suppress(Exception):  # already gone
                run_sync(self.km.shutdown_kernel)(now=True)
            self.km = None


# One warm kernel per thread: a process-pool worker has one thread, a Dask worker may
# run several reports at once, each in its own thread and kernel.
_WARM = threading.local()


def warm_kernel() -> WarmKernel:
    """This thread's shared kernel (not started until used), shut down at exit.

    Examples
    --------
    >>> warm_kernel() is warm_kernel()
    True
    """
    kernel = getattr(_WARM, "kernel", None)
    if kernel is None:
        import atexit
        from multiprocessing import util

        kernel = _WARM.kernel = WarmKernel()
        atexit.register(kernel.shutdown)
        util.Finalize(kernel, kernel.shutdown, exitpriority=10)  # pool workers skip atexit
    return kernel


_ENGINE_REGISTERED = threading.Event()


def _register_warm_engine() -> None:
    """papermill's engine for warm runs, registered once per process."""
    if _ENGINE_REGISTERED.is_set():
        return
    import logging

    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine on an already connected client."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, warm=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man,
                km=warm.km,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=False,
                startup_timeout=KERNEL_TIMEOUT,
                timeout=kwargs.get("execution_timeout"),
            )
            client.kc = warm.kc  # connected and ready: setup_kernel starts no new client
            return client.execute()

    papermill_engines.register(_WARM_ENGINE, WarmEngine)
    _ENGINE_REGISTERED.set()


def execute(
    notebook: str | Path,
    output: str | Path,
    parameters: dict[str, Any],
    *,
    cwd: str,
    warm: WarmKernel | None = None,
    prepare_only: bool = False,
):
    """Run (or only parameterize) a notebook with papermill; the executed notebook.

    Parameters
    ----------
    notebook, output : path
        The notebook to run and where the executed copy is written (once, at the end).
    parameters : dict
        Values for the notebook's `parameters` cell.
    cwd : str
        The folder the notebook runs in.
    warm : WarmKernel, optional
        Run in this shared kernel (reset first) instead of a kernel of its own.
    prepare_only : bool
        Write the parameterized notebook without running it.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook. papermill's `PapermillExecutionError` is raised for a
        failing cell, after the notebook with the error is written.

    Examples
    --------
    >>> from infoview_analysis.reports.parameters import NOTEBOOKS
    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "prepared.ipynb")
    >>> nb = execute(NOTEBOOKS / "network_growth.ipynb", out, {"owner": "me"},
    ...              cwd=".", prepare_only=True)
    >>> "injected-parameters" in nb.cells[2].metadata["tags"]
    True
    """
    import papermill

    engine: dict[str, Any] = {}
    if warm is not None and not prepare_only:
        warm.ready(cwd)
        _register_warm_engine()
        engine = {"engine_name": _WARM_ENGINE, "warm": warm, "request_save_on_cell_execute": False}
    return papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name=ensure_kernel(),
        prepare_only=prepare_only,
        progress_bar=False,
        log_output=False,
        cwd=cwd,
        execution_timeout=CELL_TIMEOUT,
        **engine,
    )
