"""A student's first contact: ``make lab``'s lab, as a student sees it, in a real browser.

The course's launcher (``python -m kpilab.lab``, what ``make lab`` runs) starts in a
temporary copy of the repository as a student clones it (developer files included),
on a free port, without a browser, with an empty home folder. The tests read the
address it prints, open it in a new browser context (the student's first visit), and
check that the lab is in French, opens lesson 00, shows no news toast and only the
course's files; that the other addresses a student may type land on lesson 00 too;
that the kernel JupyterLab starts loads the course's IPython extension; that nothing
was written to the home folder; and that the teacher's view (``make lab-prof``) shows
the answer keys, its home folder left empty too. Each state is saved in test-output/
(first-contact-*.png): look at them.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request
from dataclasses import dataclass

import pytest
try:
    from playwright.sync_api import expect
except ImportError:  # the playwright fixture skips (fails under CI) and says how to install it
    expect = None

import browser_support as support
from kpilab import lab as course_lab

pytestmark = pytest.mark.browser

FRENCH_MENUS = ["Fichier", "Édition", "Affichage", "Exécution", "Noyau", "Onglets", "Paramètres", "Aide"]
ENGLISH_MENUS = ["File", "Edit", "View", "Run", "Kernel", "Tabs", "Settings", "Help"]
# What a clone holds besides the course (kpilab.egg-info and test-output appear after make).
DEVELOPER_FILES = ["benchmarks", "tests", "kpilab", "kpilab.egg-info", "Makefile", "pyproject.toml",
                   "requirements.lock", "environment.yml", "conftest.py", "test-output", "LICENSE"]
NOT_COPIED = (".git", ".venv", ".lock-venv", ".hypothesis", ".pytest_cache", "__pycache__",
              ".ipynb_checkpoints", "test-output", "exports")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the repository as a student has it after a clone and a first make."""
    root = tmp_path_factory.mktemp("clone")
    shutil.copytree(support.ROOT, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
    for folder in ("test-output", "kpilab.egg-info"):
        (root / folder).mkdir(exist_ok=True)
    assert (root / "exercises" / course_lab.ANSWER_KEYS).is_dir()
    return root


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The home folder of the student's lab: it must stay empty."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def student(course, home, tmp_path_factory, playwright):
    launcher = support.Launcher(course, tmp_path_factory.mktemp("student-state"), env={"HOME": str(home)})
    yield launcher
    launcher.stop()


def _new_context(browser):
    """A new browser context, as a student's browser: no cookie, no cache."""
    return browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")


@pytest.fixture
def fresh(browser):
    context = _new_context(browser)
    yield context
    context.close()


@dataclass
class Visit:
    context: object
    page: object
    ready: float  # time.monotonic() when lesson 00 was open and its kernel idle


@pytest.fixture(scope="module")
def first_visit(student, course, browser):
    """The student's first visit: the printed address in a new browser, until lesson 00 is ready.

    The tests that look at what this visit shows share it (its page, its kernel, its browser
    context); the other addresses are each typed in a browser of their own.
    """
    context = _new_context(browser)
    page = context.new_page()
    page.goto(student.address)
    wait_for_lesson(page, course)
    yield Visit(context, page, time.monotonic())
    context.close()


def lesson_00(course) -> str:
    return course_lab.first_lesson(course).rsplit("/", 1)[-1]


def wait_for_lesson(page, course) -> None:
    """Lesson 00 open in the current tab, its kernel started and idle ("Inactif")."""
    expect(page.locator(".jp-NotebookPanel:visible")).to_have_count(1, timeout=90_000)
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")).to_have_text(lesson_00(course))
    expect(page.locator("#jp-main-statusbar")).to_contain_text("Inactif", timeout=90_000)


def listing(page):
    return page.locator(".jp-DirListing-content .jp-DirListing-itemText")


def api(launcher, path: str):
    request = urllib.request.Request(f"{launcher.base}/{path}", headers={"Authorization": f"token {launcher.token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_the_terminal_shows_one_short_french_block(student):
    text = student.text
    lines = [line for line in student.output if line.strip()]
    assert len(lines) <= 8, text
    assert "KPI Lab est prêt" in text and "Ctrl+C" in text, text
    assert f"Journal du serveur\u00a0: {student.state / course_lab.LOG_NAME}" in text, text
    assert re.fullmatch(rf"http://localhost:{student.port}/lab\?token=[0-9a-f]{{48}}", student.address)
    for english in ("ServerApp", "Jupyter Server", "To access", "Use Control-C", "http://127.0.0.1"):
        assert english not in text, f"{english!r} in the terminal:\n{text}"
    log = (student.state / course_lab.LOG_NAME).read_text(encoding="utf-8")
    assert "ServerApp" in log  # JupyterLab's own messages went to the log


# The news question, when JupyterLab asks it, comes right after the page loads: no toast this long after.
NEWS_WINDOW = 2.0


def test_the_printed_address_opens_lesson_00_in_french_without_news(first_visit):
    page = first_visit.page
    menus = page.get_by_role("menubar").first.get_by_role("menuitem")
    expect(menus).to_have_text(FRENCH_MENUS)
    assert not set(menus.all_inner_texts()) & set(ENGLISH_MENUS)
    page.wait_for_timeout(max(0.0, first_visit.ready + NEWS_WINDOW - time.monotonic()) * 1000)
    expect(page.locator(".Toastify__toast")).to_have_count(0)
    expect(page.locator(".jp-Notification-Status")).to_have_text("0")  # nothing waiting in the bell either
    support.screenshot(page, "first-contact-address", full_page=False)


def test_the_file_browser_shows_only_the_course(student, course, first_visit):
    page = first_visit.page
    expect(listing(page)).to_have_text(sorted(course_lab.STUDENT_FILES, key=lambda n: (not (course / n).is_dir(), n.lower())))
    shown = set(listing(page).all_inner_texts())
    assert not shown & set(DEVELOPER_FILES), shown
    support.screenshot(page, "first-contact-files", full_page=False)

    page.locator(".jp-DirListing-item", has_text="exercises").dblclick()
    expected = sorted(p.name for p in (course / "exercises").iterdir() if p.name != course_lab.ANSWER_KEYS)
    expect(listing(page)).to_have_count(len(expected))
    assert sorted(listing(page).all_inner_texts()) == expected
    assert course_lab.ANSWER_KEYS not in listing(page).all_inner_texts()
    support.screenshot(page, "first-contact-exercises", full_page=False)
    page.locator(".jp-BreadCrumbs-home").click()  # back to the root, as the next student expects it
    expect(listing(page)).to_have_count(len(course_lab.STUDENT_FILES))

    root = {item["name"] for item in api(student, "api/contents/")["content"]}
    assert root == set(course_lab.STUDENT_FILES)


@pytest.mark.parametrize("address", ["/lab?token={token}", "/?token={token}", "/"],
                         ids=["lab-token", "root-token", "root"])
def test_other_addresses_land_on_lesson_00(student, course, request, address):
    if "{token}" in address:  # typed in a new browser
        page = request.getfixturevalue("fresh").new_page()
    else:  # "/" alone: typed in the tab of the first visit, as a student comes back to the lab
        visit = request.getfixturevalue("first_visit")
        page = visit.page
    page.goto(student.base + address.format(token=student.token))
    wait_for_lesson(page, course)
    if "{token}" not in address:
        visit.ready = time.monotonic()  # the page loaded again
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab")).to_have_text([lesson_00(course)])
    expect(page.get_by_role("menubar").first.get_by_role("menuitem").first).to_have_text("Fichier")
    support.screenshot(page, f"first-contact-url-{address.split('?')[0].strip('/') or 'root'}"
                             f"{'-token' if 'token' in address else ''}", full_page=False)


def test_the_settings_api_gives_the_french_locale_and_no_news(student):
    translation = api(student, "lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert translation["schema"]["properties"]["locale"]["default"] == "fr_FR"
    assert translation["settings"].get("locale", "fr_FR") == "fr_FR"  # no user setting overrides it
    news = api(student, "lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert news["schema"]["properties"]["checkForUpdates"]["default"] is False
    assert "fr_FR" in api(student, "lab/api/translations/")["data"]  # the language pack is installed


def test_jupyterlabs_kernel_loads_the_course_extension_and_the_home_stays_empty(student, course, first_visit, home):
    from jupyter_client import BlockingKernelClient

    sessions = [s for s in api(student, "api/sessions") if s["path"].endswith(lesson_00(course))]
    assert sessions, "no kernel for lesson 00"
    connection = student.state / "runtime" / f"kernel-{sessions[0]['kernel']['id']}.json"
    client = BlockingKernelClient(connection_file=str(connection))
    client.load_connection_file()
    client.start_channels()
    outputs: list[str] = []
    try:
        reply = client.execute_interactive(
            "print(sorted(get_ipython().extension_manager.loaded))", timeout=30,
            output_hook=lambda msg: outputs.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok"
    assert "kpilab.extension" in "".join(outputs)
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []


@pytest.fixture(scope="module")
def teacher_home(tmp_path_factory):
    """The home folder of the teacher's lab: it must stay empty."""
    return tmp_path_factory.mktemp("teacher-home")


@pytest.fixture(scope="module")
def teacher(course, teacher_home, tmp_path_factory, playwright):
    launcher = support.Launcher(course, tmp_path_factory.mktemp("teacher-state"), teacher=True,
                                env={"HOME": str(teacher_home)})
    yield launcher
    launcher.stop()


def test_the_teacher_view_shows_the_answer_keys(teacher, course, fresh, teacher_home):
    assert "Vue enseignant" in teacher.text and "exercises/corriges/" in teacher.text
    page = fresh.new_page()
    page.goto(teacher.address)
    wait_for_lesson(page, course)
    expect(page.get_by_role("menubar").first.get_by_role("menuitem").first).to_have_text("Fichier")
    shown = set(listing(page).all_inner_texts())
    assert {"kpilab", "tests", "README.md", "exercises"} <= shown, shown
    page.locator(".jp-DirListing-item", has_text="exercises").dblclick()
    expect(listing(page).filter(has_text=course_lab.ANSWER_KEYS)).to_have_count(1)
    listing(page).filter(has_text=course_lab.ANSWER_KEYS).dblclick()
    keys = sorted(p.name for p in (course / "exercises" / course_lab.ANSWER_KEYS).glob("*.ipynb"))
    assert keys
    expect(listing(page).first).to_have_text(keys[0])
    support.screenshot(page, "first-contact-teacher-answer-keys", full_page=False)
    assert sorted(p.relative_to(teacher_home).as_posix() for p in teacher_home.rglob("*")) == []
