"""A student's first ``make lab``: install and server start on a fresh clone, as on a new machine.

What a student waits for, measured on the real command, then split into its parts
and set against the installer it replaced (pip), in the same run:

1. **First ``make lab``, cold**: a fresh ``git clone`` of this repository, an empty
   home folder (so empty pip and uv caches, no ``~/.config/pip``, no Jupyter or
   IPython folders) and a bare environment (``PATH`` with python3, make and git;
   ``HOME``; ``LANG``; nothing else, so no ``PYTHONDONTWRITEBYTECODE`` nor any
   ``PIP_*``/``UV_*`` variable). ``make lab PORT=…`` runs as a student types it
   (no display, so no browser); the clock stops when its terminal prints
   "KPI Lab est prêt". The terminal's lines are timestamped as they come:
   "Installation terminée." splits install from server start. The bytes the
   machine received meanwhile (``/proc/net/dev``, loopback excluded) tell the
   download size (other traffic of the machine at that moment included).
2. **Second ``make lab``** in the same clone: ``.venv`` is there, the stamp is up
   to date; only the launcher and JupyterLab start.
3. **The parts** of the cold install: ``python3 -m venv`` (timed again in a
   scratch folder), uv's own figures read from ``.venv/kpilab/install.log``
   (resolution, "Prepared" = downloads and unpacking, "Installed" = linking the
   wheels into ``.venv``), and the server start.
4. **Reference: pip**, the previous installer, in another fresh clone with its own
   empty home: ``python3 -m venv``, ``pip install --upgrade pip`` and
   ``pip install -c requirements.lock -e .[course,test]``, as the Makefile did.

Downloads come from PyPI; their speed is this machine's network at that moment,
so figures vary by a few seconds from run to run (``--runs N`` repeats the cold
parts). Goal: the first ``make lab`` reaches a running server in 45 s or less.

Run: ``.venv/bin/python benchmarks/bench_install.py`` (about a minute per run; needs
git, make and the network). ``--with-changes`` copies the working tree's
uncommitted changes over the clone (to measure before committing); ``--no-pip``
skips the reference.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 45.0  # seconds, first make lab on a fresh clone
READY = "KPI Lab est prêt"
INSTALLED = "Installation terminée."
STARTING = "Démarrage de JupyterLab"
TIMEOUT = 600


def system_python() -> str:
    """The real python3 of this machine (not a pyenv shim, which needs its own variables)."""
    found = shutil.which("python3", path=os.environ.get("PATH"))
    if not found:
        sys.exit("python3 not found on PATH")
    return subprocess.run([found, "-c", "import sys; print(sys.executable)"], capture_output=True,
                          text=True, check=True).stdout.strip()


def bare_env(home: Path, python: str) -> dict[str, str]:
    """A new user's environment: an empty home, python3, make and git on PATH, nothing else."""
    home.mkdir(parents=True, exist_ok=True)
    dirs = [str(Path(python).parent)]
    for tool in ("make", "git"):
        dirs.append(str(Path(shutil.which(tool)).parent))
    path = ":".join(dict.fromkeys(dirs + ["/usr/local/bin", "/usr/bin", "/bin"]))
    return {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "TERM": "dumb"}


def fresh_clone(dest: Path, with_changes: bool) -> Path:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    if with_changes:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for name in filter(None, listed.split("\0")):
            source = ROOT / name
            if source.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / name)
    return dest


def received_bytes() -> int | None:
    """Bytes received by this machine's network interfaces, when Linux tells.

    Not the loopback, nor ``ifb*`` (traffic-shaping mirrors of another interface).
    """
    try:
        lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    except OSError:
        return None
    return sum(int(line.split(":", 1)[1].split()[0]) for line in lines
               if not line.split(":", 1)[0].strip().startswith(("lo", "ifb")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_make_lab(course: Path, env: dict[str, str]) -> dict:
    """Run ``make lab`` until the lab is ready; timestamps of its lines, then stop it as Ctrl+C does."""
    port = free_port()
    received = received_bytes()
    start = time.perf_counter()
    proc = subprocess.Popen(["make", "lab", f"PORT={port}"], cwd=course, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[tuple[float, str]] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append((time.perf_counter() - start, line.rstrip("\n")))
            if READY in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(TIMEOUT)
    downloaded = None if received is None else (received_bytes() - received) / 1e6
    ok = any(READY in text for _, text in lines)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in the terminal: make, the launcher and the server
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if not ok:
        sys.exit("make lab did not print its address:\n" + "\n".join(text for _, text in lines[-40:]))

    def at(marker: str) -> float | None:
        return next((t for t, text in lines if marker in text), None)

    return {"ready": at(READY), "installed": at(INSTALLED), "starting": at(STARTING), "lines": lines,
            "downloaded MB": downloaded}


UV_FIGURES = {
    "resolve": re.compile(r"^Resolved \d+ packages? in ([\d.]+)(ms|s)", re.M),
    "prepare": re.compile(r"^Prepared \d+ packages? in ([\d.]+)(ms|s)", re.M),
    "install": re.compile(r"^Installed \d+ packages? in ([\d.]+)(ms|s)", re.M),
}


def uv_figures(log: Path) -> dict[str, float]:
    """uv's own timings (seconds) from the install log: resolution, downloads + unpacking, linking."""
    text = log.read_text(encoding="utf-8", errors="replace")
    figures = {}
    for name, pattern in UV_FIGURES.items():
        found = pattern.search(text)
        if found:
            figures[name] = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
    packages = re.search(r"^Installed (\d+) packages?", text, re.M)
    figures["packages"] = int(packages.group(1)) if packages else 0
    return figures


def disk_mb(folder: Path) -> float:
    """Size of a folder's files, each hard-linked file counted once (uv links its cache into site-packages)."""
    sizes = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            sizes[(st.st_dev, st.st_ino)] = st.st_size
    return sum(sizes.values()) / 1e6


def seconds(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with open(log, "a", encoding="utf-8") as out:
        subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - start


def pip_reference(work: Path, python: str, with_changes: bool) -> dict[str, float]:
    """The previous Makefile's install with pip, on a fresh clone with an empty home."""
    course = fresh_clone(work / "pip-clone", with_changes)
    env = bare_env(work / "pip-home", python)
    log = work / "pip.log"
    return {
        "venv": seconds([python, "-m", "venv", ".venv"], course, env, log),
        "pip upgrade": seconds([".venv/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                "--upgrade", "pip>=24"], course, env, log),
        "pip install": seconds([".venv/bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                "-c", "requirements.lock", "-e", ".[course,test]"], course, env, log),
    }


def one_run(work: Path, python: str, with_changes: bool, with_pip: bool) -> dict:
    course = fresh_clone(work / "clone", with_changes)
    env = bare_env(work / "home", python)
    first = timed_make_lab(course, env)
    second = timed_make_lab(course, env)
    result = {
        "first": first, "second": second, "uv": uv_figures(course / ".venv" / "kpilab" / "install.log"),
        "venv": seconds([python, "-m", "venv", str(work / "scratch-venv")], work, env, work / "venv.log"),
        # pip installing uv, with a home (so a pip cache) of its own: empty, as on the first run.
        "pip uv": seconds([str(work / "scratch-venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "-c", str(course / "requirements.lock"), "uv"],
                          work, bare_env(work / "scratch-home", python), work / "venv.log"),
        "setup": seconds([".venv/bin/python", "-m", "kpilab.lab", "--setup"], course, env, work / "venv.log"),
        "venv size MB": disk_mb(course / ".venv"),
        "home": sorted(str(p.relative_to(env["HOME"])) for p in Path(env["HOME"]).glob("*/*")),
    }
    if with_pip:
        result["pip"] = pip_reference(work, python, with_changes)
    return result


def report(runs: list[dict]) -> int:
    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else float("nan")

    first = med([r["first"]["ready"] for r in runs])
    installed = med([r["first"]["installed"] for r in runs])
    start_cold = med([r["first"]["ready"] - r["first"]["starting"] for r in runs])
    second = med([r["second"]["ready"] for r in runs])
    print(f"First make lab on a fresh clone, empty caches and home ({len(runs)} run(s), median):")
    print(f"  install (venv + uv + settings), until '{INSTALLED}'   {installed:6.1f} s")
    print(f"  JupyterLab start, until the address is printed       {start_cold:6.1f} s")
    print(f"  first make lab, in all                                {first:6.1f} s"
          f"   (goal <= {GOAL:g} s: {'met' if first <= GOAL else 'MISSED'})")
    print(f"Second make lab (.venv ready)                           {second:6.1f} s")
    print("Parts of the first install (timed again apart, or read from uv's log):")
    parts = {
        "python3 -m venv (with pip)": med([r["venv"] for r in runs]),
        "pip install uv (17 MB download)": med([r["pip uv"] for r in runs]),
        "uv: resolution": med([r["uv"].get("resolve") for r in runs]),
        "uv: downloads, unpacking, building kpilab": med([r["uv"].get("prepare") for r in runs]),
        "uv: linking into .venv": med([r["uv"].get("install") for r in runs]),
        "python -m kpilab.lab --setup (warm)": med([r["setup"] for r in runs]),
    }
    for label, value in parts.items():
        print(f"  {label:52} {value:6.1f} s")
    print(f"  {'the rest (uv and make starting, cold .pyc files)':52} {installed - sum(parts.values()):6.1f} s")
    print(f"  packages installed: {runs[0]['uv']['packages']}; .venv: {runs[0]['venv size MB']:.0f} MB; "
          f"received from the network meanwhile (whole machine): "
          f"{med([r['first']['downloaded MB'] for r in runs]):.0f} MB")
    print(f"  in the home folder after both runs: {', '.join(runs[0]['home']) or 'nothing'}")
    if "pip" in runs[0]:
        venv, upgrade, install = (med([r["pip"][k] for r in runs]) for k in ("venv", "pip upgrade", "pip install"))
        pip_total = venv + upgrade + install
        uv_total = installed
        print("Reference, the previous installer (pip, same clone, empty caches):")
        print(f"  python3 -m venv {venv:.1f} s + pip upgrade {upgrade:.1f} s + pip install {install:.1f} s "
              f"= {pip_total:.1f} s")
        print(f"  pip install / uv install (venv included in both): {pip_total / uv_total:.1f} x")
    return 0 if first <= GOAL else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="cold runs (each downloads everything again)")
    parser.add_argument("--with-changes", action="store_true", help="copy uncommitted changes over the clone")
    parser.add_argument("--no-pip", action="store_true", help="skip the pip reference")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    python = system_python()
    work = Path(tempfile.mkdtemp(prefix="kpilab-bench-install-"))
    print(f"python3: {python}; work folder: {work}")
    try:
        runs = []
        for i in range(args.runs):
            run_dir = work / f"run{i}"
            run_dir.mkdir()
            runs.append(one_run(run_dir, python, args.with_changes, not args.no_pip))
            if i == 0:
                print("The student's terminal, first make lab (seconds since Enter):")
                for t, text in runs[0]["first"]["lines"]:
                    print(f"  {t:6.1f}  {text}")
        return report(runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
