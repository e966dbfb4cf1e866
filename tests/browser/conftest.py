"""Fixtures of the real-browser tests (marker ``browser``).

Debian's Chromium driven by Playwright. When /usr/bin/chromium is missing, it is
installed with apt-get (root on Debian, once per session); otherwise the tests are
skipped with a message that says how to run them, or fail when CI=true.

The ``lab`` fixture is the course's own JupyterLab, started by its launcher as
``make lab`` starts it (:mod:`kpilab.lab`): every browser test runs in the French,
course-only lab a student gets. ``lab_page`` is that lab in one page of the browser,
loaded once per session: each test opens its notebooks in it, as a student opens one
lesson after another, and leaves it with no tab open and no kernel running (after a
failed test, the lab is loaded afresh in a new page).
"""

from __future__ import annotations

import shutil

import pytest

import browser_support as support


def _unavailable(reason: str):
    message = f"Browser tests not run: {reason} {support.HOW_TO_RUN}"
    if support.under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright():
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (`make test` installs it: the `browser` extra).")
    problem = support.chromium_problem()  # a session fixture: apt-get runs once at most
    if problem:
        _unavailable(problem)
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = support.launch_browser(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the session: JupyterLab's scripts are loaded once, then cached."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    """A new tab; its final state is saved as test-output/<test name>.png."""
    page = context.new_page()
    yield page
    try:
        support.screenshot(page, request.node.name)
    finally:
        page.close()


FAILED = pytest.StashKey[bool]()  # on a test's item: one of its phases failed


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    """A temporary copy of the lessons, of the template files lesson 12 imports and of one exercise,
    for JupyterLab to serve."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(support.ROOT / "notebooks", root / "notebooks")
    shutil.copytree(support.ROOT / "datasets" / "modeles", root / "datasets" / "modeles")
    (root / "exercises").mkdir()
    return root


@pytest.fixture(scope="session")
def lab(lab_root, tmp_path_factory, playwright):
    """One course lab (the student's view, started by kpilab.lab) for the whole session."""
    server = support.Lab(lab_root, tmp_path_factory.mktemp("lab-settings"))
    yield server
    server.stop()


class _LabPage:
    """The lab in one page of the session's context, loaded again only when a test left it unusable."""

    def __init__(self, context, lab):
        self.context, self.lab, self.page = context, lab, None

    def ready(self):
        if self.page is None:
            self.page = self.context.new_page()
            support.open_lab(self.page, self.lab)
        return self.page

    def reset(self, failed: bool) -> None:
        """No tab, no kernel left; a new page after a failure or when the tabs do not close."""
        try:
            if not failed:
                support.close_notebooks(self.page, self.lab)
                return
        except Exception:  # noqa: BLE001 — whatever went wrong, the next test gets a fresh page
            pass
        self.close()
        self.lab.shutdown_kernels()

    def close(self) -> None:
        if self.page is not None:
            self.page.close()
            self.page = None


@pytest.fixture(scope="session")
def _lab_page(context, lab):
    holder = _LabPage(context, lab)
    yield holder
    holder.close()


@pytest.fixture
def lab_page(_lab_page, request):
    """The course's lab, loaded, with no notebook open; its final state is saved as test-output/<test name>.png."""
    page = _lab_page.ready()
    yield page
    try:
        support.screenshot(page, request.node.name)
    finally:
        _lab_page.reset(failed=request.node.stash.get(FAILED, False))
