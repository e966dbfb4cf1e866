"""No file a student hands in can stop the grading: random bytes, random JSON, broken notebooks.

Every step the grader takes on a submission before and after running it —
reading the bytes, detecting the lesson, spotting shortcuts, building the
instrumented notebook, marking an answers file — is fed random input here and
must return a status or a row, never raise.
"""

from __future__ import annotations

import json

import nbformat
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab.exercises.lecon01 import QUESTIONS
from kpilab.grading import marking, runner

STATUSES = {runner.OK, runner.EMPTY, runner.INVALID_JSON, runner.NOT_A_NOTEBOOK}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
CELL = st.fixed_dictionaries(
    {"cell_type": st.sampled_from(["code", "markdown", "raw", 3, None])},
    optional={"source": st.one_of(st.text(max_size=80), st.lists(st.text(max_size=20) | st.integers(), max_size=4),
                                  st.integers(), st.none()),
              "metadata": JSON, "outputs": JSON, "execution_count": JSON},
)
NOTEBOOKISH = st.fixed_dictionaries(
    {"cells": st.lists(CELL | JSON, max_size=6)},
    optional={"metadata": JSON, "nbformat": st.sampled_from([3, 4, 5, "4", None]), "nbformat_minor": JSON,
              "worksheets": JSON},
)


def _every_step(raw: bytes) -> None:
    status, nb = runner.read_submission(raw)
    assert status in STATUSES
    if nb is None:
        return
    marking.lesson_of(nb)
    marking.shortcuts(nb)
    work = runner.instrumented(nb, marking.variables(QUESTIONS), runner.Path("/tmp/reponses.json"))
    nbformat.validate(work)  # what the worker will run is a valid notebook


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_random_bytes(raw):
    _every_step(raw)


@given(JSON)
@settings(max_examples=150, deadline=None)
def test_random_json(data):
    _every_step(json.dumps(data).encode())


@given(NOTEBOOKISH)
@settings(max_examples=200, deadline=None)
def test_random_almost_notebooks(data):
    _every_step(json.dumps(data).encode())


def test_deep_nesting_and_huge_numbers():
    for raw in (b"[" * 100_000 + b"]" * 100_000, b'{"cells": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
                b'{"cells": [], "nbformat": 1e999}', "\ufeff{}".encode(), b"\xff\xfe{\x00}\x00"):
        _every_step(raw)


@given(JSON)
@settings(max_examples=150, deadline=None)
def test_any_answers_file_gives_a_row(data):
    marked = marking.mark(QUESTIONS, data)
    assert len(marked.verdicts) == len(QUESTIONS)
    assert 0 <= marked.points <= len(QUESTIONS)
