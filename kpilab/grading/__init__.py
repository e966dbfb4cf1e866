"""Grade a class's exercise notebooks into a gradebook, safely.

``python -m kpilab grade SUBMISSIONS --out notes.csv`` (or ``kpilab grade``)
checks the reference files against their manifest
(:mod:`kpilab.grading.reference`), computes every expected value, then runs
each submitted notebook on a copy, in its own kernel, inside a sandbox with
time and memory limits (:mod:`kpilab.grading.sandbox`,
:mod:`kpilab.grading.runner`), marks the answers in this process
(:mod:`kpilab.grading.marking`), and writes the gradebook, the competence
grid (:mod:`kpilab.grading.competences`), a feedback page per student and a
class summary (:mod:`kpilab.grading.reports`). Submissions are only ever read.

With bubblewrap, the copies' code sees the system read-only, without the
network, the class's other copies or the answer keys; without it (macOS,
Windows), the grader says so: the copies' code then runs with the teacher's
rights, as when the teacher opens their notebooks.
"""

__all__ = ["grade_folder", "verify_copy", "Outcome"]


def __getattr__(name):
    # Lazy: importing kpilab.grading.sandbox or .reference needs none of the grading run.
    if name in __all__:
        from kpilab.grading import grade

        return getattr(grade, name)
    raise AttributeError(f"module 'kpilab.grading' has no attribute {name!r}")
