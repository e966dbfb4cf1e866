"""Short written justifications, checked on the ideas they must hold.

A question may ask, next to its answer, for a sentence that says why
(:class:`Justification`). The sentence is checked on keywords, never on
spelling: each :class:`Idea` lists words (or beginnings of words, or short
phrases) any one of which shows the idea, and says what to add when none is
there. Accents and capitals do not count. A keyword check cannot judge
reasoning: it tells a student which idea is still missing, and the teacher
reads the sentence itself in the student's notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpilab.exercises.answers import words_of

__all__ = ["Idea", "Justification", "MIN_WORDS", "MAX_WORDS"]

MIN_WORDS, MAX_WORDS = 5, 80


@dataclass(frozen=True)
class Idea:
    """One idea a justification must hold: any of ``words`` shows it; ``missing`` says what to add.

    A keyword of one word matches the beginning of a word of the answer
    (``"denominat"`` matches « dénominateur »); a keyword of several words
    matches those words in a row.
    """

    words: tuple[str, ...]
    missing: str

    def found_in(self, answer_words: list[str]) -> bool:
        for keyword in self.words:
            wanted = words_of(keyword)
            if not wanted:
                continue
            if len(wanted) == 1:
                if any(word.startswith(wanted[0]) for word in answer_words):
                    return True
                continue
            span = len(wanted)
            for i in range(len(answer_words) - span + 1):
                window = answer_words[i:i + span]
                if all(w.startswith(k) for w, k in zip(window, wanted)):
                    return True
        return False


@dataclass(frozen=True)
class Justification:
    """A sentence asked with an answer: its variable, the ideas it must hold, a model answer."""

    variable: str
    ideas: tuple[Idea, ...]
    model: str  # the model sentence (the answer key holds the same)

    def missing(self, text: str) -> str | None:
        """What to add to ``text`` (French), or None when it holds every idea."""
        words = words_of(text)
        if len(words) < MIN_WORDS:
            return (f"Ta justification est trop courte : écris une vraie phrase (au moins {MIN_WORDS} "
                    "mots) qui dit pourquoi.")
        if len(words) > MAX_WORDS:
            return f"Ta justification est trop longue : une ou deux phrases suffisent ({MAX_WORDS} mots au plus)."
        for idea in self.ideas:
            if not idea.found_in(words):
                return idea.missing
        return None
