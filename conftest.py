"""Project-wide pytest set-up.

The answer keys run under nbval in strict mode: a wrong or missing answer
raises AssertionError and fails its cell. nbval's kernels inherit this
environment variable from the pytest process.

Under CI (``CI=true``), Hypothesis runs the "ci" profile: the same examples on
every run (derandomize), so that a property test fails on a code change, never
by chance. Locally, new examples are drawn on each run.

``make test`` runs on every core (pytest-xdist, ``-n auto --dist loadscope`` in
pyproject.toml) with the scheduler below: a work unit goes to one worker whole,
as with loadscope (a notebook: its cells run in order in one kernel; a module: its
fixtures are made once), except the cases of OWN_UNITS, slow ones that
would keep one worker busy while the other waits; and the units are handed out
slowest kind first (the real-browser tests, then the ones that start kernels), so
that the run does not end on a long unit.
"""

import os

from kpilab.exercises.engine import STRICT_ENV

os.environ.setdefault(STRICT_ENV, "1")

try:
    from hypothesis import settings
except ImportError:  # a teacher running nbval alone may not have the test extras
    settings = None
if settings is not None:
    settings.register_profile("ci", derandomize=True, database=None)
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        settings.load_profile("ci")

# Slow tests sent to a worker on their own, each case of a parametrized one apart (tests/test_setup.py
# checks that they exist).
OWN_UNITS = (
    "tests/browser/test_lab.py::test_lesson_simulator_follows_the_slider",
    "tests/browser/test_first_contact.py::test_the_teacher_view_shows_the_answer_keys",
    "tests/test_exercises.py::test_an_untouched_student_version_fails_in_strict_mode_on_every_question",
)
# Test modules that start kernels, servers or pytest itself: handed out with the notebooks.
STARTS_PROCESSES = (
    "tests/test_setup.py",
    "tests/test_student_errors.py",
    "tests/test_grading.py",
    "tests/test_grading_hostile.py",
    "tests/test_handouts.py",
)


def work_unit(nodeid: str) -> str:
    """The unit a test is sent to a worker with: its notebook, module or class, or itself (OWN_UNITS)."""
    if nodeid.split("[", 1)[0] in OWN_UNITS:
        return nodeid
    return nodeid.rsplit("::", 1)[0]  # loadscope's unit


def handout_rank(unit: str) -> int:
    """0 for the real-browser tests, 1 for notebooks, kernels and servers, 2 for the rest."""
    path = unit.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return 0
    if path.endswith(".ipynb") or path in STARTS_PROCESSES or unit.split("[", 1)[0] in OWN_UNITS:
        return 1
    return 2


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        """loadscope with the units of :func:`work_unit`, handed out in the order of :func:`handout_rank`."""

        _sorted = False

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not self._sorted:  # the queue is complete once schedule() has filled it
                units = sorted(self.workqueue.items(), key=lambda unit: handout_rank(unit[0]))  # stable
                self.workqueue.clear()
                self.workqueue.update(units)
                self._sorted = True
            super()._assign_work_unit(node)

    return CourseScheduling(config, log)
