"""Auto-checked exercises: one question module per lesson, one checking engine.

In an exercise notebook::

    from kpilab.exercises.lecon01 import *   # q1, q2, …
    taux_reponse = ...                        # the student's answer
    q1.check()                                # Bravo / Pas encore / Pas commencé
    q1.hint(), q1.hint(2), q1.solution()

The answer keys (``exercises/corriges/``) are the one source of the
solutions; ``make exercises`` (:mod:`kpilab.exercises.build`) generates the
student versions and the solutions that ``qN.solution()`` shows.
"""
