"""A hostile class, graded twice in a row inside the bubblewrap sandbox.

Each submission of lesson 01 tries one of the attacks a clever student could
make: reading the answers (solutions, expected values, the answer keys),
leaving a process behind to change classmates' files or the gradebook,
editing the course on disk for the next run, crashing the run with one file,
planting the gradebook, fooling a strict check, formula injection in the
names, colliding feedback pages, a link to the answer key, eating the memory.
Honest classmates sit beside them. The expected marks are worked out by hand
from what each notebook answers (lesson 01: q1 = 45 ÷ (1 500 − 300) × 100 =
3,75 %; q5 = the letter "a" with its justification).

The second run must give the same rows; nothing outside the output files may
change (submissions, kpilab, the course data); no process may be left.
"""

from __future__ import annotations

import csv
import hashlib
import http.server
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from system_packages import require, under_ci
from test_grading import KEY, Q1_RIGHT, Q5_RIGHT, SETUP, STUDENT, _notebook

from kpilab.grading import grade_folder, reference, runner, sandbox, verify_copy

ROOT = Path(__file__).resolve().parents[1]
MARKER = "kpilab-hostile-fond"
NONE, Q1, Q1_Q5 = [0] * 7, [1, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 1, 0, 0]

# A process started from the last cell that outlives its kernel: for 40 s it tries to rewrite every
# file it can reach (classmates' private data, the submissions, the gradebook's folder, the course).
BACKGROUND = f'''
import subprocess, sys
code = """
import glob, os, time, sys
end = time.time() + 40
while time.time() < end:
    for pattern in ("TEMPDIR/kpilab-copie-*/donnees/*.csv", "TEMPDIR/kpilab-copie-*/reponses-*.json",
                    "FOLDER/*.ipynb", "OUTDIR/*", "{ROOT}/datasets/*.csv"):
        for path in glob.glob(pattern):
            if path.startswith(os.getcwd()):
                continue  # its own copy: only the classmates' files matter here
            try:
                open(path, "w").write("[]")
            except OSError:
                pass
    try:
        open("OUTDIR/notes.csv", "w").write("etudiant;note_sur_20\\\\nfond;20")
    except OSError:
        pass
    time.sleep(0.2)
"""
subprocess.Popen([sys.executable, "-c", code, "{MARKER}"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
'''
V3 = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
    {"cell_type": "code", "input": SETUP, "language": "python", "outputs": [], "metadata": {}},
    {"cell_type": "code", "input": Q1_RIGHT, "language": "python", "outputs": [], "metadata": {}},
], "metadata": {}}]}).encode()


def _tagged(tag: str, *sources: str) -> bytes:
    nb = json.loads(_notebook(*sources))
    nb["cells"][-1]["metadata"]["tags"] = [tag]
    return json.dumps(nb).encode()


def _blank_with(first: str) -> bytes:
    """The untouched student version with one cell added after the set-up cell."""
    nb = json.loads(STUDENT.read_bytes())
    at = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code") + 1
    nb["cells"].insert(at, {"cell_type": "code", "metadata": {}, "source": first, "outputs": [], "execution_count": None})
    return json.dumps(nb).encode()


# name → (bytes, status, marks q1…q7, a remark the row must hold or None)
CLASS = {
    "honnete_1": (KEY.read_bytes(), runner.OK, [1] * 7, None),
    "vide": (STUDENT.read_bytes(), runner.OK, NONE, None),
    # reading the answers
    "solution_exec": (_notebook(SETUP, *[f"exec({q}.solution().body)" for q in ("q1", "q2", "q3", "q4", "q6")]),
                      runner.OK, NONE, "affiche une solution"),
    "attendu": (_notebook(SETUP, "taux_reponse = q1.expected_value()", "taux_global = q2.expected_value()",
                          "reponse_q5 = q5.expected_value()"), runner.OK, NONE, "lit une réponse attendue"),
    "corriges": (_notebook(SETUP, "import json, kpilab.exercises.solutions as s\n"
                           "exec(json.load(open(s.PATH))['01_taux_de_reponse']['q1'])",
                           "import nbformat\n"
                           f"for c in nbformat.read({str(KEY)!r}, 4).cells:\n"
                           "    if c.cell_type == 'code':\n        exec(c.source)"), runner.OK, NONE, "lit les corrigés"),
    # outliving the kernel; writing the course for the next run; planting the gradebook
    "fond": (_notebook(SETUP, Q1_RIGHT, BACKGROUND), runner.OK, Q1, None),
    "ecrit_le_cours": (_notebook(
        SETUP, "import kpilab.exercises.lecon01 as m, kpilab.datasets as d, pathlib\n"
        f"for path in [pathlib.Path({str(ROOT / 'kpilab' / 'exercises' / 'lecon01.py')!r}), "
        f"pathlib.Path({str(ROOT / 'datasets' / 'campagnes.csv')!r}), d.DATA_DIR / 'campagnes.csv']:\n"
        "    try:\n        path.write_text('q1 = None')\n    except OSError as e:\n        print(e)",
        Q1_RIGHT), runner.OK, Q1, None),
    "plante_les_notes": (_notebook(SETUP, Q1_RIGHT, "open('OUTDIR/notes.csv', 'w').write('faux')"), runner.OK, Q1, None),
    "reponses_liste": (_notebook(SETUP, Q1_RIGHT, "def __kpilab_export(names, path):\n    open(path, 'w').write('[1, 2]')"),
                       runner.OK, NONE, None),
    "memoire": (_notebook(SETUP, "x = bytearray(16 * 2**30)", Q1_RIGHT), runner.OK, Q1, None),
    # a classmate's copy, the network: neither is there
    "copie_voisin": (_notebook(SETUP, "import glob, nbformat\nfor path in glob.glob('FOLDER/honnete_*.ipynb'):\n"
                               "    for c in nbformat.read(path, 4).cells:\n"
                               "        if c.cell_type == 'code':\n            exec(c.source)"), runner.OK, NONE, None),
    "reseau": (_notebook(SETUP, "import urllib.request\n"
                         "taux_reponse = float(urllib.request.urlopen('http://127.0.0.1:PORT/', timeout=5).read())"),
               runner.OK, NONE, None),
    # one file that used to stop the class
    "profond": (b"[" * 100_000 + b"]" * 100_000, runner.INVALID_JSON, NONE, None),
    "v3": (V3, runner.OK, Q1, None),
    "lien": (None, runner.SYMLINK_OUT, NONE, None),  # a symbolic link to the answer key, outside the folder
    # a strict check fooled six ways: here every one of them earns nothing
    "strict_env": (_blank_with("import os\nos.environ['KPILAB_STRICT'] = '0'"), runner.OK, NONE, None),
    "strict_tag": (_tagged("raises-exception", SETUP, "taux_reponse = 1\nq1.check()"), runner.OK, NONE, None),
    "strict_skip": (_notebook(SETUP, "# NBVAL_SKIP\ntaux_reponse = 1\nq1.check()"), runner.OK, NONE, None),
    "strict_commente": (_notebook(SETUP, "taux_reponse = 1\n# q1.check()"), runner.OK, NONE, None),
    "strict_moteur": (_notebook(SETUP, "import kpilab.exercises.engine as e\n"
                                "e.judge = lambda q, *a: e.Verdict(q.id, 'correct', 'Bravo')\ntaux_reponse = 1\nq1.check()"),
                      runner.OK, NONE, None),
    "strict_try": (_notebook(SETUP, "taux_reponse = 1\ntry:\n    q1.check()\nexcept AssertionError:\n    pass"),
                   runner.OK, NONE, None),
    # a text cell naming another lesson's module does not make it another exercise
    "texte_autre_lecon": (json.dumps({"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "Comme dans `kpilab.exercises.lecon02`…"},
        *json.loads(_notebook(SETUP, Q1_RIGHT, Q5_RIGHT))["cells"]], "metadata": {}, "nbformat": 4,
        "nbformat_minor": 5}).encode(), runner.OK, Q1_Q5, None),
    # names a spreadsheet would run as formulas, and names whose pages would collide
    "=SOMME(A1)": (_notebook(SETUP, Q1_RIGHT), runner.OK, Q1, None),
    "@x": (b"", runner.EMPTY, NONE, None),
    "a b": (_notebook(SETUP, Q1_RIGHT, Q5_RIGHT), runner.OK, Q1_Q5, None),
    "a;b": (b"", runner.EMPTY, NONE, None),
    "synthese": (b"{}", runner.NOT_A_NOTEBOOK, NONE, None),
}


def _processes_left(token: str) -> list[str]:
    """The command lines of the processes that mention ``token`` (a test's own temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if MARKER in line or token in line:
            found.append(line[:200])
    return found


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _rows(path: Path) -> dict[str, dict]:
    text = path.read_bytes().decode("utf-8-sig")
    return {row["etudiant"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}


def _answer_server():
    """A local web server that gives q1's answer to whoever asks: only a notebook with a network gets it."""
    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"3.75")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=5) as reply:
        assert reply.read() == b"3.75"  # it answers outside the sandbox
    return server


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    require("bwrap", "bubblewrap")
    if sandbox.detect().level != sandbox.BUBBLEWRAP:
        message = "bubblewrap is installed but cannot create a sandbox here (user namespaces?)"
        pytest.fail(message) if under_ci() else pytest.skip(message)
    base = tmp_path_factory.mktemp("hostile")
    folder, out_dir, private = base / "copies", base / "notes", base / "tmp"
    for made in (folder, out_dir, private):
        made.mkdir()
    server = _answer_server()
    for name, (data, *_) in CLASS.items():
        if data is None:
            continue
        text = data.replace(b"FOLDER", str(folder).encode()).replace(b"OUTDIR", str(out_dir).encode())
        text = text.replace(b"PORT", str(server.server_address[1]).encode())
        text = text.replace(b"TEMPDIR", str(private).encode())
        (folder / f"{name}.ipynb").write_bytes(text)
    (folder / "lien.ipynb").symlink_to(KEY)
    before = _hashes(folder)
    outcomes = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(private))  # the private folders of the runs go there
        for run in (1, 2):
            out = out_dir / f"notes_{run}.csv"
            outcomes.append(grade_folder(folder, out, jobs=2, cell_timeout=20, notebook_timeout=60,
                                         progress=False, memory_bytes=3 * 2**30))
    server.shutdown()
    return outcomes, folder, out_dir, before, private


def test_every_submission_gets_the_row_worked_out_by_hand(runs):
    outcomes, *_ = runs
    for outcome in outcomes:
        book = _rows(outcome.gradebook)
        shown = {name.lstrip("'"): row for name, row in book.items()}
        assert set(shown) == set(CLASS)
        for name, (_, status, marks, remark) in CLASS.items():
            row = shown[name]
            assert row["statut"] == status, (name, row["statut"], row["remarques"])
            assert [int(row[f"q{i}"]) for i in range(1, 8)] == marks, (name, row["remarques"])
            if remark:
                assert remark in row["remarques"], name


def test_the_second_run_gives_the_same_rows(runs):
    first, second = (_rows(o.gradebook) for o in runs[0])
    assert first == second


def test_nothing_outside_the_outputs_changed_and_no_process_is_left(runs):
    outcomes, folder, out_dir, before, private = runs
    assert _hashes(folder) == before  # the submissions: read only
    assert reference.differences() == []  # kpilab and the course data, as in the manifest
    assert _processes_left(str(private)) == []
    expected = {"notes_1.csv", "notes_1_retours", "notes_2.csv", "notes_2_retours"}
    assert {p.name for p in out_dir.iterdir()} == expected  # the gradebook was not planted nor renamed
    assert [o.gradebook.name for o in outcomes] == ["notes_1.csv", "notes_2.csv"]
    assert list(private.iterdir()) == []  # every private folder removed


def test_names_cannot_become_formulas_and_pages_never_collide(runs):
    outcome = runs[0][0]
    raw = outcome.gradebook.read_bytes().decode("utf-8-sig")
    for line in raw.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line
    assert "'=SOMME(A1);" in raw and "'@x;" in raw and "'=SOMME(A1).ipynb;" in raw
    pages = [row["retour"] for row in _rows(outcome.gradebook).values()]
    assert len(set(p.casefold() for p in pages)) == len(pages) and "synthese.html" not in pages
    assert "Synthèse de la classe" in (outcome.feedback_dir / "synthese.html").read_text(encoding="utf-8")
    for page in pages:
        assert (outcome.feedback_dir / page).is_file()


def test_the_isolation_is_said_in_the_summary(runs):
    outcome = runs[0][0]
    assert outcome.isolation.level == sandbox.BUBBLEWRAP
    assert "bubblewrap" in (outcome.feedback_dir / "synthese.html").read_text(encoding="utf-8")


def test_the_competence_grid_follows_the_marks(runs):
    outcome = runs[0][0]
    grid = {row["etudiant"].lstrip("'"): row for row in csv.DictReader(
        io.StringIO(outcome.competences.read_bytes().decode("utf-8-sig")), delimiter=";")}
    # lesson 01: q1–q4 and q6 train B2.5 or B3.x, q5 B2.4 (kpilab.exercises.lecon01)
    from kpilab.exercises.lecon01 import QUESTIONS

    codes = {q.id: q.competence for q in QUESTIONS}
    for name in ("honnete_1", "vide", "fond", "a b"):
        marks = CLASS[name][2]
        for code in set(codes.values()):
            asked = [m for q, m in zip(codes, marks) if codes[q] == code]
            share = sum(asked) / len(asked)
            expected = "acquis" if share >= 0.75 else "en cours" if share >= 0.40 else "non acquis"
            assert grid[name][code] == expected, (name, code)
    page = (outcome.feedback_dir / "honnete_1.html").read_text(encoding="utf-8")
    assert "Compétences du référentiel" in page and "acquis" in page


# --- one copy, checked as the grader would -------------------------------------------------------


def test_verifier_prints_the_verdicts_and_gives_a_fooled_strict_copy_nothing(tmp_path):
    require("bwrap", "bubblewrap")
    copy = tmp_path / "ma_copie.ipynb"
    nb = json.loads(_blank_with("import os\nos.environ['KPILAB_STRICT'] = '0'"))
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": Q1_RIGHT, "outputs": [], "execution_count": None})
    copy.write_bytes(json.dumps(nb).encode())
    done = subprocess.run([sys.executable, "-m", "kpilab", "verifier", str(copy)], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "q1 — Bravo\u202f!" in done.stdout and "q2 — Pas commencé" in done.stdout
    assert "Note\u00a0: 2,9 / 20" in done.stdout  # 1 question out of 7
    assert "bubblewrap" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ma_copie.ipynb"]  # nothing written
    row, _ = verify_copy(copy)
    assert row.points == 1


# --- interrupting the grader ----------------------------------------------------------------------


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_an_interrupted_grading_leaves_no_process_and_no_file(tmp_path, signal_name):
    require("bwrap", "bubblewrap")
    folder, private = tmp_path / "copies", tmp_path / "tmp"
    folder.mkdir()
    private.mkdir()
    for i in range(3):
        (folder / f"lent_{i}.ipynb").write_bytes(_notebook(SETUP, Q1_RIGHT, "import time\ntime.sleep(120)"))
    grader = subprocess.Popen(
        [sys.executable, "-m", "kpilab", "grade", str(folder), "--out", str(tmp_path / "notes.csv"), "--jobs", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "TMPDIR": str(private)})
    token = str(private)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("ipykernel" in line for line in _processes_left(token)):
        time.sleep(0.25)  # until kernels run inside their sandboxes
    assert any("ipykernel" in line for line in _processes_left(token)), "no kernel ever started"
    assert any(private.iterdir())
    grader.send_signal(getattr(signal, signal_name))
    _, err = grader.communicate(timeout=60)
    for _ in range(40):  # the sandboxes die with the grader
        if not _processes_left(token):
            break
        time.sleep(0.25)
    assert _processes_left(token) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copies", "tmp"]  # no gradebook, no feedback folder
    assert list(private.iterdir()) == []  # the private folders are gone
    assert "interrompue" in err.decode() and "Traceback" not in err.decode()
    assert reference.differences() == []
