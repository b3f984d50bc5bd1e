"""The per-user rule-set cache: same rules as a fresh load, rebuilt on any change (klint.rulecache)."""

from __future__ import annotations

import errno
import os
import pickle
from pathlib import Path

import pytest
import regex

from klint import patterns, rulecache
from klint.config import Config
from klint.linter import Linter, load_rules
from klint.loader import shipped_rulesets
from klint.markdown import parse
from klint.yamlfile import KlintError

RULESET = """\
ruleset: house
rules:
  - id: house.miracle
    kind: term
    category: absolute-claim
    message: "MESSAGE '{match}'"
    terms: [miracle cure]
"""

DOC = "# Care\n\nKetamine is a miracle cure and it is FDA-approved for depression.\n"


def steady_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the key's stamp of klint's files, which a checkout being edited changes mid-test."""
    monkeypatch.setattr(rulecache, "_package_stamp", lambda: [("klint", 0, 0)])


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    steady_package(monkeypatch)
    return tmp_path / "xdg" / "klint"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def _findings(rules: list) -> list[tuple[str, int, int, str]]:
    doc = parse(DOC, "post.md")
    found = Linter(Config(), rules).lint_document(doc)
    return [(f.rule, f.start.line, f.start.column, f.message) for f in found]


def test_a_second_load_comes_from_the_cache_and_finds_the_same(user_cache: Path) -> None:
    fresh = load_rules(Config(), cached=False)
    first = load_rules(Config(), cached=True)
    assert len(_entries(user_cache)) == 1
    second = load_rules(Config(), cached=True)
    assert second is not first and [r.info for r in second] == [r.info for r in fresh]
    assert _findings(second) == _findings(fresh) != []


def test_the_rule_modules_patterns_come_back_compiled(
    user_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry stores klint.patterns' module-level patterns; a read hands them back first."""
    load_rules(Config(), cached=True)
    made = patterns.compiled()
    assert made and all(isinstance(p, regex.Pattern) for p in made.values())
    monkeypatch.setattr(patterns, "_known", {})  # as in a new process, before any rule module runs
    monkeypatch.setattr(regex, "compile", lambda *args: pytest.fail(f"compiled {args!r}"))
    load_rules(Config(), cached=True)
    for (source, flags), pattern in made.items():
        restored = patterns.compile(source, flags)
        assert restored is not pattern and restored.pattern == source
        assert restored.flags == pattern.flags


def test_rule_patterns_come_back_lazily_and_behave_like_the_patterns(user_cache: Path) -> None:
    """Each rule pattern comes back as a LazyPattern, unpickled on first use."""
    fresh = load_rules(Config(), cached=False)
    load_rules(Config(), cached=True)
    cached = load_rules(Config(), cached=True)
    types = {rule.info.id: rule.claim_type for rule in cached if hasattr(rule, "claim_type")}
    topic = types["consistency.treatment-course"].topic
    assert isinstance(topic, rulecache.LazyPattern) and not hasattr(topic, "_pattern")
    original = next(r.claim_type for r in fresh if r.info.id == "consistency.treatment-course").topic
    text = "Most sessions are weekly; the treatments last an hour."
    assert [m.span() for m in topic.finditer(text)] == [m.span() for m in original.finditer(text)] != []
    assert (topic.pattern, topic.flags, topic.search(text, 20).span()) == (
        original.pattern,
        original.flags,
        original.search(text, 20).span(),
    )
    assert topic.compiled() is topic.compiled() and topic.search.__self__ is topic.compiled()
    again = pickle.loads(pickle.dumps(topic))  # as --jobs workers that are spawned receive it
    assert isinstance(again, rulecache.LazyPattern) and again.match("sessions").span() == (0, 8)
    assert _findings(cached) == _findings(fresh) != []


def test_a_preloaded_pattern_is_used_only_for_its_own_source() -> None:
    mine = regex.compile("abc", regex.I)
    patterns.preload({("zzz-preload-test", regex.I): mine})  # a key that does not match its pattern
    assert patterns.compile("zzz-preload-test", regex.I).pattern == "zzz-preload-test"


def test_a_changed_rule_set_is_loaded_again(user_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(RULESET, encoding="utf-8")
    config = Config(rulesets=[str(path)])
    assert "MESSAGE 'miracle cure'" in {m for *_, m in _findings(load_rules(config, cached=True))}
    path.write_text(RULESET.replace("MESSAGE", "CHANGED"), encoding="utf-8")
    assert "CHANGED 'miracle cure'" in {m for *_, m in _findings(load_rules(config, cached=True))}
    assert len(_entries(user_cache)) == 2


def test_a_bad_regex_is_an_error_every_time(user_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(RULESET.replace("terms: [miracle cure]", "patterns: ['miracle(']"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(KlintError) as raised:
            load_rules(Config(rulesets=[str(path)]), cached=True)
        assert raised.value.line == 7 and "bad regex" in raised.value.message
    assert _entries(user_cache) == []


def _compile_again(*arguments: object) -> None:
    raise AssertionError("the rule sets were compiled again")


def _served_from_cache(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int, str]]:
    """The findings of rules that must come from the cache entry."""
    with monkeypatch.context() as patched:
        patched.setattr(rulecache, "load_rulesets", _compile_again)
        return _findings(load_rules(Config(), cached=True))


def test_an_unreadable_entry_is_rebuilt(user_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _findings(load_rules(Config(), cached=False))
    load_rules(Config(), cached=True)
    (entry,) = _entries(user_cache)
    whole = entry.read_bytes()
    for broken in (whole[:100], whole[:-100], b"not an entry", b""):
        entry.write_bytes(broken)
        assert _findings(load_rules(Config(), cached=True)) == expected
        assert _served_from_cache(monkeypatch) == expected  # rebuilt


class _Sentinel:
    """Unpickling it creates a file: what a planted entry could do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_an_entry_klint_did_not_sign_is_never_unpickled(
    user_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _findings(load_rules(Config(), cached=True))
    (entry,) = _entries(user_cache)
    whole = entry.read_bytes()
    sentinel = tmp_path / "unpickled"
    planted = pickle.dumps(_Sentinel(sentinel))
    signature = whole[len(rulecache._MAGIC) : len(rulecache._MAGIC) + 32]
    entry.write_bytes(rulecache._MAGIC + signature + planted)
    assert _findings(load_rules(Config(), cached=True)) == expected
    assert not sentinel.exists()
    assert _served_from_cache(monkeypatch) == expected  # rebuilt and signed again


def test_a_read_only_cache_is_still_used(user_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _findings(load_rules(Config(), cached=True))

    def read_only(*arguments: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "utime", read_only)
    assert _served_from_cache(monkeypatch) == expected


def test_a_changed_klint_file_is_a_miss(user_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(Config(), cached=True)
    monkeypatch.setattr(rulecache, "_package_stamp", lambda: [("klint", 1, 1)])
    load_rules(Config(), cached=True)
    assert len(_entries(user_cache)) == 2


def test_only_the_most_recent_entries_are_kept(user_cache: Path, tmp_path: Path) -> None:
    for number in range(rulecache.KEEP + 3):
        path = tmp_path / f"house{number}.yaml"
        path.write_text(RULESET.replace("house", f"house{number}"), encoding="utf-8")
        rulecache.load([str(path)], {})
    assert len(_entries(user_cache)) == rulecache.KEEP


def test_no_folder_to_write_to_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert [r.info.id for ruleset in rulecache.load(shipped_rulesets(), {}) for r in ruleset.rules]
