"""Time limits on rules: one CPU-time alarm per rule and document where the platform has one.

A pattern in a user's rule set can backtrack catastrophically, so no rule may run unbounded.
The ``regex`` module can bound each search (``timeout=``), but it then reads the process CPU
clock twice per search, a system call each on Linux: at some 750 searches per document, about
a tenth of a run. Where POSIX interval timers exist and the rules run in the main thread,
:func:`alarms` instead arms one ``ITIMER_VIRTUAL`` alarm (process CPU time) around a rule's
whole check of a document. Its signal interrupts the rule wherever it is (``regex`` checks
for signals while it matches), and the rule's searches run without ``timeout=``. Elsewhere
(Windows, a thread) :func:`per_search` gives each search its own limit, as before.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from types import FrameType

#: Seconds one search may run on one text when no alarm bounds the rule.
PATTERN_TIMEOUT = 1.0
#: CPU seconds a rule may spend on one document under an alarm, plus :data:`PER_MB` per MB of
#: it: generous, since a rule's own Python code counts too (the costliest shipped rule spends
#: under 0.5 s per MB), and a catastrophic pattern is stopped all the same.
RULE_LIMIT = 2.0
PER_MB = 5.0

_ALARM = getattr(signal, "SIGVTALRM", None)
#: The rule an armed alarm bounds and its seconds; None when none is armed.
_bounded: tuple[str, float] | None = None


class PatternTimeout(Exception):
    """A rule ran past its time limit on one document."""

    def __init__(self, rule_id: str, limit: str | None = None) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id
        #: The limit it ran past, as a message says it.
        self.limit = limit or f"{PATTERN_TIMEOUT:g} s per pattern, plus 1 s per MB of text"


def per_search() -> float | None:
    """The ``timeout=`` a search passes: none while an alarm bounds the rule."""
    return None if _bounded is not None else PATTERN_TIMEOUT


class _Alarm:
    """Arms the alarm for one rule's check (a class: entered some 60 times per document)."""

    __slots__ = ("rule_id", "seconds")

    def __init__(self, seconds: float, rule_id: str) -> None:
        self.seconds = seconds
        self.rule_id = rule_id

    def __enter__(self) -> None:
        global _bounded
        _bounded = (self.rule_id, self.seconds)
        signal.setitimer(signal.ITIMER_VIRTUAL, self.seconds)

    def __exit__(self, *_exc: object) -> None:
        global _bounded
        _bounded = None  # first: an alarm that fires now is ignored
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)


def _expire(_signum: int, _frame: FrameType | None) -> None:
    if _bounded is not None:
        rule_id, seconds = _bounded
        raise PatternTimeout(rule_id, f"{seconds:.3g} s of CPU time")


@contextmanager
def alarms(text_size: int) -> Iterator[Callable[[str], AbstractContextManager[None]]]:
    """While a document of ``text_size`` characters is checked: ``limit(rule_id)`` bounds one
    rule's check by an alarm, where this process and thread can have one (else it does nothing,
    and each search keeps its own limit). The signal handler is set for the document and put
    back after it."""
    if _ALARM is None or threading.current_thread() is not threading.main_thread():
        yield _unbounded
        return
    seconds = RULE_LIMIT + PER_MB * text_size / 1_000_000
    previous = signal.signal(_ALARM, _expire)
    try:
        yield partial(_Alarm, seconds)
    finally:
        signal.signal(_ALARM, previous)


def _unbounded(_rule_id: str) -> AbstractContextManager[None]:
    return nullcontext()
