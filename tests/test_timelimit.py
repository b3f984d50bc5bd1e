"""The alarm that bounds a rule's check of a document (klint.timelimit)."""

from __future__ import annotations

import signal
import threading

import pytest

from klint import timelimit
from klint.timelimit import PATTERN_TIMEOUT, PatternTimeout, alarms, per_search

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGVTALRM"), reason="no POSIX interval timers")


def test_searches_go_untimed_only_while_an_alarm_bounds_a_rule() -> None:
    before = signal.getsignal(signal.SIGVTALRM)
    with alarms(10_000) as limit:
        assert per_search() == PATTERN_TIMEOUT
        for rule_id in ("fixture.one", "fixture.two"):
            with limit(rule_id):
                assert per_search() is None
                assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0
            assert per_search() == PATTERN_TIMEOUT
            assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) is before


def test_the_alarm_stops_a_rule_wherever_it_is_and_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timelimit, "RULE_LIMIT", 0.05)
    with alarms(0) as limit:
        with pytest.raises(PatternTimeout) as stopped, limit("fixture.spin"):
            while True:  # pure Python, no search: the alarm still interrupts it
                pass
        with limit("fixture.next"):  # the next rule gets a whole limit of its own
            assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0.04
    assert (stopped.value.rule_id, stopped.value.limit) == ("fixture.spin", "0.05 s of CPU time")
    assert per_search() == PATTERN_TIMEOUT


def test_no_alarm_is_armed_off_the_main_thread() -> None:
    seen: list[float | None] = []

    def in_thread() -> None:
        with alarms(0) as limit, limit("fixture.rule"):
            seen.append(per_search())

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert seen == [PATTERN_TIMEOUT]
