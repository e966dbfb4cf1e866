"""Servers and browser for the real-browser tests and benchmarks/bench_browser.py.

Chromium comes from Debian (``/usr/bin/chromium``), driven by Playwright's sync
API; ``playwright install`` is never needed. JupyterLab is the course's own lab,
started by its launcher exactly as ``make lab`` starts it (:mod:`kpilab.lab`:
French, lesson 00, the student's view); JupyterLab and Voilà serve a temporary
copy of the notebooks (autosave must never write into the repository), listen on
the loopback only, on a free port, and are stopped by the caller.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # system_packages, shared with the other tests
from system_packages import problem, under_ci  # noqa: E402, F401  (under_ci: for conftest.py)
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("KPILAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output"  # ignored by git
HOW_TO_RUN = (
    "To run them: install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`, or run "
    "`make test` as root on Debian and the tests install it), or point KPILAB_CHROMIUM at a "
    "Chromium binary; then `make test`. With CI=true these tests fail instead of skipping."
)


def chromium_problem() -> str | None:
    """None when Chromium is there (installing Debian's package when possible), else why not."""
    if Path(CHROMIUM).is_file():
        return None
    if CHROMIUM != "/usr/bin/chromium":
        return f"KPILAB_CHROMIUM={CHROMIUM} does not exist."
    return problem("chromium", "chromium", recommends=True)


def launch_browser(playwright):
    """Debian's Chromium, headless. launch() gives it a fresh temporary user-data-dir."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save what the page shows as test-output/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.]+", "-", name).strip("-") + ".png")
    page.screenshot(path=path, full_page=full_page)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict:
    """The servers' environment: the kernels run like a student's, not in strict mode."""
    from kpilab.exercises.engine import STRICT_ENV

    env = dict(os.environ)
    env.pop(STRICT_ENV, None)
    return env


def start_server(cmd, cwd: Path, probe_url: str, log_path: Path, timeout: float = 60):
    """Start a server and wait until ``probe_url`` answers (any HTTP status)."""
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=server_env())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(probe_url, timeout=2).close()
            return proc
        except urllib.error.HTTPError:
            return proc  # it answers: it is up
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop_server(proc)
    tail = log_path.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"server not ready: {' '.join(map(str, cmd))}\n{tail}")


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class Launcher:
    """The course's lab started as ``make lab`` starts it: ``python -m kpilab.lab`` in the course folder.

    The real launcher (kpilab/lab.py: French settings, lesson 00, the student's or the
    teacher's view), on a free port, without a browser, its state (workspaces, settings,
    log, Jupyter and IPython folders) in ``state``. The lines it prints are kept in
    ``output``; ``address`` is the address it printed for the student to copy.
    """

    ADDRESS = re.compile(r"http://localhost:\d+/lab\?token=\S+")

    def __init__(self, root: Path, state: Path, teacher: bool = False, extra_args: tuple[str, ...] = (),
                 env: dict | None = None, timeout: float = 90):
        self.root, self.state = root, state
        self.port = free_port()
        self.base = f"http://localhost:{self.port}"
        cmd = [sys.executable, "-m", "kpilab.lab", "--no-browser", f"--port={self.port}", f"--state={state}"]
        if teacher:
            cmd.append("--prof")
        if extra_args:
            cmd += ["--", *extra_args]
        self.output: list[str] = []
        self._printed = threading.Event()
        # Its own process group: stop() sends Ctrl+C's SIGINT to the launcher and the server alike.
        self.proc = subprocess.Popen(cmd, cwd=root, env={**server_env(), **(env or {})}, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.address = self._wait_for_address(timeout)
        self.token = self.address.split("token=", 1)[1]

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))
            if self.ADDRESS.search(line):
                self._printed.set()
        self._printed.set()

    def _wait_for_address(self, timeout: float) -> str:
        self._printed.wait(timeout)
        found = next((m.group(0) for line in self.output for m in [self.ADDRESS.search(line)] if m), None)
        if found is None:
            self.stop()
            raise RuntimeError("the course's lab printed no address:\n" + "\n".join(self.output))
        return found

    @property
    def text(self) -> str:
        """What the launcher printed so far (the student's terminal)."""
        return "\n".join(self.output)

    def stop(self) -> None:
        """Ctrl+C, as a student stops it; then whatever is left is killed."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


class Lab:
    """The course's JupyterLab (the student's view, as make lab gives it) on a folder, with its URLs.

    Started by :class:`Launcher`, with one addition for the tests: ``--expose-app-in-browser``
    (``window.jupyterapp``, to run cells and read kernels from the page). The token
    is the one the launcher printed.
    """

    def __init__(self, root: Path, settings: Path, teacher: bool = False):
        self.root, self.settings = root, settings
        settings.mkdir(parents=True, exist_ok=True)
        self.launcher = Launcher(root, settings, teacher=teacher, extra_args=("--expose-app-in-browser",))
        self.port, self.base, self.token = self.launcher.port, self.launcher.base, self.launcher.token
        self._workspaces = 0

    def url(self, path: str | None = None) -> str:
        """The URL of a notebook (or of no notebook) in a fresh, empty workspace (no tab of an earlier test)."""
        self._workspaces += 1
        tree = f"/tree/{path}" if path else ""
        return f"{self.base}/lab/workspaces/w{self._workspaces}{tree}?reset&token={self.token}"

    def _api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every session's kernel: a finished test leaves none running."""
        for session in self._api("sessions"):
            self._api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        self.launcher.stop()


def start_voila(notebook: Path, log_path: Path):
    """Voilà on ``notebook`` (its folder is the kernel's working directory); returns (process, URL)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    # Readiness probe: a static file (requesting / would start a kernel).
    proc = start_server([str(BIN / "voila"), notebook.name, "--no-browser", f"--port={port}",
                         "--Voila.ip=127.0.0.1"], notebook.parent, url + "voila/static/voila.js", log_path)
    return proc, url


# --- JupyterLab in the page -------------------------------------------------------------------

KERNEL_IDLE = """() => { const w = window.jupyterapp?.shell.currentWidget;
  return w?.sessionContext?.session?.kernel?.status === 'idle'; }"""

RUN_ALL = """() => { window.__runAll = undefined;
  window.jupyterapp.commands.execute('notebook:run-all-cells')
    .then(ok => { window.__runAll = ok !== false ? 'ok' : 'error'; },
          e => { window.__runAll = 'failed: ' + e; }); }"""

# How often a wait below checks its condition, in ms. (Playwright's default, every animation frame, keeps
# Chromium busy all the while a kernel starts or runs: CPU the kernel needs on a small machine.)
POLL = 100

APP_RESTORED = "() => window.jupyterapp.restored.then(() => true)"
# A notebook opened in the lab as from the file browser; the launcher, which the lab shows when no tab is
# left open, is closed behind it.
OPEN = """path => window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'})
  .then(opened => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
      if (w !== opened && !w.context) { w.close(); } }
    return true; })"""
# Every notebook tab closed, its changes dropped (the copy on disk stays as it was).
CLOSE_ALL = """() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (w.context) { w.context.model.dirty = false; w.close(); } } }"""
CLEAN = """() => !Array.from(window.jupyterapp.shell.widgets('main')).some(w => w.context)
  && document.querySelector('.jp-Dialog') === null"""


def open_lab(page, lab: Lab) -> None:
    """JupyterLab in a fresh, empty workspace of ``page``, for notebooks to be opened in one after another."""
    page.goto(lab.url())
    page.wait_for_function("() => window.jupyterapp !== undefined", polling=POLL, timeout=90_000)
    page.evaluate(APP_RESTORED)


def _shows_the_lab(page, lab: Lab) -> bool:
    return page.url.startswith(f"{lab.base}/lab") and page.evaluate("() => window.jupyterapp !== undefined")


def open_notebook(page, lab: Lab, path: str) -> None:
    """Open a notebook of the lab and wait for its kernel to be idle.

    In the JupyterLab the page already shows (:func:`open_lab`), as a student opens
    one lesson after another; on a blank page, in a fresh workspace.
    """
    if _shows_the_lab(page, lab):
        page.evaluate(OPEN, path)
    else:
        page.goto(lab.url(path))
    page.wait_for_function(KERNEL_IDLE, polling=POLL, timeout=90_000)


def close_notebooks(page, lab: Lab, timeout: float = 15_000) -> None:
    """Close every notebook of the lab in ``page`` (no dialog left open), then shut down every kernel."""
    page.evaluate(CLOSE_ALL)
    page.wait_for_function(CLEAN, polling=POLL, timeout=timeout)
    lab.shutdown_kernels()


def run_all(page, timeout: float = 60_000) -> str:
    """Run every cell and wait until the last one is done; 'ok' or why not."""
    page.evaluate(RUN_ALL)
    page.wait_for_function("() => window.__runAll !== undefined", polling=POLL, timeout=timeout)
    page.wait_for_function(KERNEL_IDLE, polling=POLL, timeout=timeout)
    return page.evaluate("() => window.__runAll")


# --- what the tests move ------------------------------------------------------------------------

PRESSES = 3


def simulators_of(notebook: str) -> list[str]:
    """The simulators a lesson shows (its ``simulator("name")`` cells)."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    return [name for cell in cells if cell["cell_type"] == "code"
            for name in re.findall(r'simulator\("(\w+)"\)', "".join(cell["source"]))]


def main_texts(sim, values: dict) -> list[str]:
    """The headline results of a simulator, as the widget shows them."""
    from kpilab.widgets import format_result

    results = sim.run(**values)
    return [format_result(results[r.key], r.kind) for r in sim.results if r.main]


def lever_to_move(sim) -> int:
    """The first slider whose move (PRESSES steps up) changes the headline result.

    The first slider for most simulators; not for the response rate (300 contacts more
    change the whole number of responses, but the rate still reads 2,5 %): there the
    first lever that does is used. With whole counts, more tickets do move the average
    basket a little (1 150 tickets: 199,02 € instead of 199,32 €).
    """
    for i, lever in enumerate(sim.levers):
        moved = min(lever.high, lever.value + PRESSES * lever.step)
        if main_texts(sim, {lever.name: moved}) != main_texts(sim, {}):
            return i
    raise AssertionError(f"no slider of {sim.name} changes its headline result")
