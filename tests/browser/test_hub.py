"""A class on a real JupyterHub (deploy/jupyterhub/), three students in a real browser.

The hub runs the deploy configuration (tests/browser/hub_support.py says what the test
changes), its proxy is configurable-http-proxy from npm, the accounts come from the class
list (kpilab.hub.accounts, NativeAuthenticator) and the course is handed out by nbgitpuller's
link. The three students open the link and log in at the same time; each lands in lesson 00
with its kernel running, runs it, then answers question 1 of exercise 01; the teacher collects (kpilab collecter) and grades
(kpilab grade) the three copies; a second hand-out brings a new exercise and keeps a student's
answer. The figures (login to a running lesson, memory per student, collect and grade) are
written to test-output/hub_mesures.json.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time

import pytest

import browser_support as support
import hub_support
from kpilab.devoirs.create import create
from kpilab.hub import accounts, links
from kpilab.hub.collect import collect
from kpilab.hub.handout import hand_out

pytestmark = [pytest.mark.hub, pytest.mark.browser]

EXERCISE = "exercises/01_exercices_taux_de_reponse.ipynb"
NEW_EXERCISE = "exercises/02_exercices_taux_de_conversion.ipynb"
LESSON = "notebooks/00_bienvenue.ipynb"
COURSE = links.COURSE_FOLDER
# Question 1: 1 500 contacts, 300 invalid addresses, 45 answers; each student's answer as typed.
ANSWERS = {"martin-lea": "45 / (1500 - 300) * 100", "durand-paul": "45 / 1200 * 100",
           "bernard-lefebvre-zoe-marie": "45 / 1500 * 100"}
RIGHT = 45 / (1500 - 300) * 100  # the response rate leaves the invalid addresses out: 3,75 %
# Zoé-Marie Bernard-Lefebvre's Unix user would have 34 characters (jupyter-…): her home is shortened.
CLASS = "nom;prenom\nMartin;Léa\nDurand;Paul\nBernard-Lefebvre;Zoé-Marie\n"
LONG_NAME = "bernard-lefebvre-zoe-marie"

ERRORS = """() => Array.from(window.jupyterapp.shell.currentWidget.content.widgets)
  .filter(w => w.model.type === 'code')
  .flatMap(w => w.model.outputs.toJSON()).filter(o => o.output_type === 'error').length"""
SET_ANSWER = """([start, source]) => { const nb = window.jupyterapp.shell.currentWidget.content;
  const cell = nb.widgets.find(w => w.model.sharedModel.getSource().startsWith(start));
  cell.model.sharedModel.setSource(source); return true; }"""
OUTPUT_OF = """start => JSON.stringify(Array.from(window.jupyterapp.shell.currentWidget.content.widgets)
  .find(w => w.model.sharedModel.getSource().startsWith(start)).model.outputs.toJSON())"""
# The lab shows ``path`` (the link's urlpath) in front, its kernel idle.
OPENED = """path => { const w = window.jupyterapp?.shell.currentWidget;
  return w?.context?.path === path && w.sessionContext?.session?.kernel?.status === 'idle'; }"""
SAVE = "() => window.jupyterapp.shell.currentWidget.context.save().then(() => true)"
# The names the lab's file browser lists, once it shows ``folder``.
LISTING = """folder => { const b = window.jupyterapp?.shell.widgets('left').find(w => w.id === 'filebrowser');
  if (!b || b.model.path !== folder) return null;
  return Array.from(b.model.items()).map(i => i.name).sort(); }"""


def _unavailable(reason: str):
    message = f"Hub test not run: {reason} `make test` installs JupyterHub (the hub extra) and its proxy (npm)."
    if support.under_ci():
        pytest.fail(message + " (CI=true: this test never skips)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def school(tmp_path_factory, playwright):
    problem = hub_support.components_problem()
    if problem:
        _unavailable(problem)
    root = tmp_path_factory.mktemp("classe")
    class_list = root / "classe.csv"
    class_list.write_text(CLASS, encoding="utf-8")
    repo = hub_support.make_course_repo(root / "depot")
    hub = hub_support.Hub(root, class_list)
    try:
        made = accounts.create_accounts(class_list, hub.db_url, root / "comptes.csv")
        with open(root / "comptes.csv", encoding="utf-8-sig", newline="") as handle:
            passwords = {row["identifiant"]: row["mot_de_passe"] for row in csv.DictReader(handle, delimiter=";")}
        assert sorted(passwords) == sorted(ANSWERS) == sorted(user for _, user, _ in made)
        yield dict(hub=hub, repo=repo, root=root, class_list=class_list, passwords=passwords, measures={})
    finally:
        hub.stop()


def _log_in_by_the_link(browser, school, users, notebook: str, timeout: float = 180) -> dict:
    """Each user's browser opens the hand-out link and logs in, all at once, as a class at the start of a lesson.

    Returns ``{user: (context, page, seconds)}``: the seconds from the click on « Se connecter »
    to ``notebook`` shown in the lab with its kernel idle (each page is checked in turn every
    0,2 s: the hub starts the servers meanwhile).
    """
    started = {}
    for user in users:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
        page = context.new_page()
        page.goto(links.handout_link(school["hub"].url, f"file://{school['repo']}", notebook))
        assert "/hub/login" in page.url  # not logged in yet: the link goes through the login page
        page.fill("#username_input", user)
        page.fill("#password_input", school["passwords"][user])
        started[user] = (context, page, time.monotonic())
        page.click("#login_submit")
    ready, deadline = {}, time.monotonic() + timeout
    while len(ready) < len(started):
        assert time.monotonic() < deadline, f"not in the lab after {timeout} s: {sorted(set(started) - set(ready))}"
        for user, (context, page, start) in started.items():
            if user not in ready and _shows(page, f"{COURSE}/{notebook}"):
                ready[user] = (context, page, time.monotonic() - start)
                assert f"/user/{user}/lab" in page.url
        time.sleep(0.2)
    return ready


def _shows(page, path: str) -> bool:
    try:
        return bool(page.evaluate(OPENED, path))
    except Exception:  # noqa: BLE001 — Playwright's Error: the page is between two addresses (spawn, git-pull, lab)
        return False


def test_a_class_receives_the_course_answers_and_is_collected_and_graded(browser, school):
    hub, measures = school["hub"], school["measures"]
    answer_start = "taux_reponse = ..."  # question 1's cell, as handed out
    for user, (context, page, seconds) in _log_in_by_the_link(browser, school, ANSWERS, LESSON).items():
        answer = ANSWERS[user]
        measures.setdefault("login_to_running_lesson_s", {})[user] = round(seconds, 1)
        assert page.get_by_text("Fichier", exact=True).first.is_visible()  # the French lab
        assert support.run_all(page, timeout=120_000) == "ok"
        assert page.evaluate(ERRORS) == 0, "lesson 00 raised an error in the hub"
        page.evaluate(support.OPEN, f"{COURSE}/{EXERCISE}")
        page.wait_for_function(support.KERNEL_IDLE, polling=support.POLL, timeout=60_000)
        page.evaluate(SET_ANSWER, [answer_start, f"taux_reponse = {answer}\nq1.check()"])
        assert support.run_all(page, timeout=60_000) == "ok"
        shown = page.evaluate(OUTPUT_OF, "taux_reponse =")
        assert ("Bravo" in shown) == (abs(eval(answer) - RIGHT) < 1e-9), shown  # noqa: S307 — the test's own text
        page.evaluate(SAVE)
        support.screenshot(page, f"hub-{user}")
        measures.setdefault("memory_per_student_mib", {})[user] = round(hub.memory_mib(hub.servers()[user]))
        context.close()
    saved = (hub.homes / "jupyter-martin-lea" / COURSE / EXERCISE).read_text(encoding="utf-8")
    assert ANSWERS["martin-lea"] in saved
    long_home = hub.homes / accounts.system_username(LONG_NAME)
    assert len(long_home.name) == 32 and (long_home / COURSE / EXERCISE).is_file()

    copies, gradebook = school["root"] / "copies", school["root"] / "notes.csv"
    start = time.monotonic()
    report = collect(hub.homes, f"{COURSE}/{EXERCISE}", copies, class_list=school["class_list"],
                     original=support.ROOT / EXERCISE)
    graded = subprocess.run([sys.executable, "-m", "kpilab", "grade", str(copies), "--out", str(gradebook),
                             "--lecon", "01"], capture_output=True, text=True, timeout=300)
    measures["collect_and_grade_3_s"] = round(time.monotonic() - start, 1)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert sorted(c.student for c in report.copies) == sorted(ANSWERS) and not report.missing
    assert not any(c.unmodified for c in report.copies)  # every student answered
    rows = list(csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8-sig")), delimiter=";"))
    question_1 = list(rows[0])[3]
    for row in rows:
        right = abs(eval(ANSWERS[row["etudiant"]]) - RIGHT) < 1e-9  # noqa: S307
        assert row[question_1] == ("1" if right else "0"), row
        assert row["points"] == ("1" if right else "0"), row  # the other questions were left as handed out
    (support.SCREENSHOTS / "hub_mesures.json").write_text(json.dumps(measures, indent=2), encoding="utf-8")


def test_a_second_hand_out_brings_new_work_and_keeps_the_students_answer(browser, school):
    hub, repo = school["hub"], school["repo"]
    home = hub.homes / "jupyter-martin-lea" / COURSE
    if not (home / EXERCISE).is_file():
        pytest.skip("needs the first test's hand-out")
    before = (home / EXERCISE).read_bytes()
    shutil.copy(support.ROOT / NEW_EXERCISE, repo / NEW_EXERCISE)
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nNouveau : les exercices de la leçon 02.\n",
                      encoding="utf-8")
    hub_support.commit(repo, "Exercices de la leçon 02")
    context, page, _ = _log_in_by_the_link(browser, school, ["martin-lea"], NEW_EXERCISE)["martin-lea"]
    context.close()
    assert (home / EXERCISE).read_bytes() == before  # her answer is still there, untouched
    assert (home / NEW_EXERCISE).read_bytes() == (repo / NEW_EXERCISE).read_bytes()
    assert (home / "README.md").read_text(encoding="utf-8").endswith("les exercices de la leçon 02.\n")


def test_the_idle_culler_stops_idle_servers_and_keeps_the_students_files(school):
    """The deploy configuration's culler runs as a hub service with the scopes it needs to stop servers.

    Its own run waits an hour (``--timeout=3600``); a second run with the service's token and a
    one-second timeout shows that those scopes stop every idle server, files left in place.
    """
    hub = school["hub"]
    if not hub.servers():
        pytest.skip("needs the students' servers of the first test")
    culler = hub.service_process("jupyterhub_idle_culler")
    assert culler is not None, "the idle culler is not running"
    argv, env = culler
    assert "--timeout=3600" in argv  # KPILAB_IDLE_TIMEOUT's default: an hour
    saved = (hub.homes / "jupyter-martin-lea" / COURSE / EXERCISE).read_bytes()
    time.sleep(2)  # every server idle for more than the second run's timeout
    quick = subprocess.Popen([sys.executable, "-m", "jupyterhub_idle_culler", f"--url={env['JUPYTERHUB_API_URL']}",
                              "--timeout=1", "--cull-every=2"],
                             env={**env, "PATH": str(hub_support.BIN) + ":/usr/bin:/bin"},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while hub.servers() and time.monotonic() < deadline:
            time.sleep(0.5)
        left = hub.servers()
    finally:
        quick.terminate()
        output = quick.communicate(timeout=10)[0]
    assert not left, f"servers still running: {sorted(left)}\n{output[-2000:]}"
    assert sum(f"Culling server {user}" in output for user in ANSWERS) == len(ANSWERS), output[-2000:]
    assert (hub.homes / "jupyter-martin-lea" / COURSE / EXERCISE).read_bytes() == saved


def test_a_devoir_reaches_each_student_by_the_same_link(browser, school):
    """kpilab distribuer puts each student's own devoir in their home; one link opens it for everyone."""
    hub = school["hub"]
    devoir = school["root"] / "devoir01"
    create("01", school["class_list"], devoir, jobs=1)
    report = hand_out(devoir, hub.homes)
    assert not report.missing, str(report)
    link = links.open_link(hub.url, "devoir_01")
    pages = {}
    for user in ("martin-lea", LONG_NAME):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
        page = context.new_page()
        page.goto(link)
        assert "/hub/login" in page.url
        page.fill("#username_input", user)
        page.fill("#password_input", school["passwords"][user])
        page.click("#login_submit")
        pages[user] = (context, page)
    for user, (context, page) in pages.items():
        page.wait_for_function(LISTING, arg="devoir_01", polling=support.POLL, timeout=180_000)
        assert page.evaluate(LISTING, "devoir_01") == [f"01_devoir_{user}.ipynb", "donnees"], user
        assert f"/user/{user}/lab" in page.url
        support.screenshot(page, f"hub-devoir-{user}")
        context.close()
