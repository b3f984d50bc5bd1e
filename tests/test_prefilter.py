"""The literal prefilter must never skip text a pattern could match (klint.prefilter)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klint.config import Config
from klint.linter import Linter
from klint.markdown import parse
from klint.prefilter import ALWAYS, CASELESS, Screen, any_of, fold, required_clauses, required_literals
from klint.scanner import PLAIN_SCANS, Scanner

# -- folding -----------------------------------------------------------------------------


def test_fold_maps_every_case_partner_of_a_literal_character_to_its_fold() -> None:
    """Whatever ``regex`` matches case-insensitively to a literal character folds to the same string."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    kept = [chr(c) for c in range(1, 128)] + sorted(CASELESS)
    for char in kept:
        for match in regex.finditer(regex.escape(char), everything, regex.I):
            assert fold(match.group()) == fold(char), (char, match.group())


def test_fold_lowers_and_replaces_the_odd_ones() -> None:
    assert fold("KETAMINE Therapy") == "ketamine therapy"
    assert fold("İſtanbul ıK") == "istanbul ik"


# -- what a pattern requires ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bguarantee(?:s|d)?\b", {"guarantee"}),
        (r"(?i)KeTaMiNe", {"ketamine"}),
        (r"\b(?:cure[sd]?|curing)\b(?![- ]all)", {"cure", "curing"}),
        (r"\b(?:works?|acting)\s+(?:\w+\s+)?(?:immediately|instantly)\b", {"immediately", "instantly"}),
        (r"non[- ]?addictive", {"non addictive", "non-addictive", "nonaddictive"}),
        (r"\d+(?:\.\d+)?\s*%", {"%"}),
        (r"fda[- ]approved", {"fda approved", "fda-approved"}),
        (r"colou?r", {"color", "colour"}),
        (r"(?:ab){2}", {"abab"}),
        (r"x+yz", {"yz"}),
        (r"(?>atomic)", {"atomic"}),
        (r"isn['’]t", {"isn't", "isn’t"}),
    ],
)
def test_required_literals(pattern: str, expected: set[str]) -> None:
    assert required_literals(pattern, regex.I) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"[\"”]\s*[—–]+\s*\p{Lu}\p{L}*", [{'"', "”"}, {"—", "–"}]),
        (r"\bketamine\b.{0,40}\bfda[- ]approved\b", [{"ketamine"}, {"fda approved", "fda-approved"}]),
        # a positive lookaround's words are in the text too; a negative one's are not
        (r"(?<=zurzuvae\s)approved(?!\s+for\s+ppd)", [{"approved"}, {"zurzuvae"}]),
        (r"(?:(?=.*risk)safe|harmless)", [{"harmless", "safe"}, {"harmless", "risk"}]),
        (r"(?:safe|harmless)\s+(?:drug|pill)", [{"harmless", "safe"}, {"drug", "pill"}]),
        (r"non-?addictive|addictive", [{"addictive"}]),
    ],
)
def test_required_clauses(pattern: str, expected: list[set[str]]) -> None:
    assert required_clauses(pattern, regex.I) == {frozenset(clause) for clause in expected}


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+",
        r"a|\d",
        r"(?:foo)?",
        r"foo|",
        r"colou?r{e<=1}",  # fuzzy matching: the stdlib reads it as literal text
        r"[[:alpha:]]+ing",  # a POSIX class
        r"(?<name>abc)",  # regex-only group syntax
        r"(?V1)abc",
        r"\mabc",
        r"(a)?(?(1)b|c)",  # a conditional
        r"[^a]",
        r"\x00",
        r"(",
    ],
)
def test_patterns_it_cannot_read_always_run(pattern: str) -> None:
    assert required_literals(pattern, regex.I) is None and not required_clauses(pattern, regex.I)
    assert Screen.of(_Pattern(pattern, regex.I)).always


class _Pattern:
    """A stand-in with ``pattern`` and ``flags``, as compiled patterns have."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags


def test_version1_and_fullcase_flags_give_no_screen() -> None:
    assert Screen.of(regex.compile("ketamine", regex.V1)).always
    assert Screen.of(regex.compile("ketamine", regex.I | regex.FULLCASE)).always
    assert not Screen.of(regex.compile("ketamine", regex.I)).always


# -- screens -----------------------------------------------------------------------------


def test_screen_of_several_patterns_needs_each() -> None:
    screen = Screen.of(regex.compile(r"\bketamine\b"), regex.compile(r"fda[- ]approved"), None)
    assert screen.passes("Ketamine is FDA-approved.")
    assert not screen.passes("Ketamine is approved.")


def test_screen_or_distributes_and_stays_small() -> None:
    a = Screen(frozenset({frozenset({"ketamine"}), frozenset({"fda"})}))
    b = Screen(frozenset({frozenset({"spravato"})}))
    assert (a | b).clauses == {frozenset({"ketamine", "spravato"}), frozenset({"fda", "spravato"})}
    assert (a | ALWAYS).always
    many = [Screen(frozenset(frozenset({f"w{i}{j}"}) for j in range(3))) for i in range(4)]
    combined = any_of(many)
    assert len(combined.clauses) <= 8
    for screen in many:  # whatever meets one of them still meets the combination
        assert combined.passes(" ".join(next(iter(c)) for c in screen.clauses))
    assert any_of([]).always


def test_scanner_finds_overlapping_and_nested_literals_per_block() -> None:
    screens = [Screen(frozenset({frozenset({lit})})) for lit in ("side effect", "effects", "effect", "fx")]
    scanner = Scanner(screens)
    scans = [scanner.scan(["Few SIDE EFFECTS.", "no", "an effect"]) for _ in range(PLAIN_SCANS + 1)]
    for scan in scans:  # by substring search, then by the compiled regex
        assert scan.where == {"side effect": {0}, "effects": {0}, "effect": {0, 2}}
    assert scan.blocks(Screen(frozenset({frozenset({"effect"}), frozenset({"side effect"})}))) == {0}
    assert scan.blocks(Screen(frozenset({frozenset({"fx"})}))) == set()
    assert scan.blocks(ALWAYS) is None
    # a literal the scanner never looked for is not judged
    assert scan.blocks(Screen(frozenset({frozenset({"unknown"})}))) is None


def test_an_empty_literal_is_not_looked_for_so_its_clause_is_never_judged() -> None:
    scanner = Scanner([Screen(frozenset({frozenset({""})}))])
    for _ in range(PLAIN_SCANS + 1):
        assert scanner.scan(["anything"]).blocks(Screen(frozenset({frozenset({""})}))) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abkKsS ’-", min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(st.text("abkKsSſİ ’-x", max_size=20), max_size=4),
)
def test_scanner_agrees_with_plain_search(literals: list[str], texts: list[str]) -> None:
    folded = sorted({fold(lit) for lit in literals})
    scanner = Scanner([Screen(frozenset({frozenset({lit})})) for lit in folded])
    # the first scans search for substrings, the later ones use the compiled regex
    for _ in range(PLAIN_SCANS + 1):
        scan = scanner.scan(texts)
        for lit in folded:
            expected = {index for index, text in enumerate(texts) if lit in fold(text)}
            assert scan.where.get(lit, set()) == expected


# -- soundness on random patterns ----------------------------------------------------------

_CHARS = st.sampled_from(["a", "b", "k", "K", "s", "S", "ſ", "ı", " ", "’", "-", r"\.", "x"])
_ATOMS = st.one_of(
    _CHARS,
    st.sampled_from(
        [
            "[ab]",
            "[a-c]",
            "[^a]",
            "[kK]",
            "[sſ]",
            r"\s",
            r"\w",
            ".",
            r"\b",
            r"(?=a)",
            r"(?<!b)",
            r"\p{L}",
            r"(?<=ka)",
            r"(?=.*s)",
            r"(?!k)",
        ]
    ),
)


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "++", "*?"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"
            ),
            inner.map(lambda x: f"(?i:{x})"),
            inner.map(lambda x: f"(?>{x})"),
            inner.map(lambda x: f"({x})"),
        )

    return st.recursive(_ATOMS, extend, max_leaves=12)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_patterns(), st.text("abcksKSſİı’ -.\nx", max_size=24), st.booleans())
def test_a_pattern_never_matches_text_its_screen_rejects(pattern: str, text: str, ignore_case: bool) -> None:
    compiled = regex.compile(pattern, regex.I if ignore_case else 0)
    if compiled.search(text) is not None:
        assert Screen.of(compiled).passes(text), (pattern, text, required_clauses(pattern, compiled.flags))


# -- the linter gives the same findings with and without the prefilter ---------------------


def test_findings_are_identical_with_and_without_prefilter(tmp_path: Path, shipped_linter: Linter) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import make_corpus
    finally:
        sys.path.pop(0)
    make_corpus.generate(tmp_path, 30, words=1200, seed=7)
    plain = Linter(Config(), shipped_linter.rules, screening=False)
    total = 0
    claims = 0
    for path in sorted(tmp_path.glob("*.md")):
        screened, unscreened = (
            linter.check_bytes(path.read_bytes(), path.name) for linter in (shipped_linter, plain)
        )
        assert screened.findings == unscreened.findings, path.name
        assert screened.collected == unscreened.collected, path.name  # what the site pass compares
        total += len(screened.findings)
        claims += sum(len(getattr(data, "claims", ())) for data in screened.collected.values())
    assert total > 30  # the corpus plants problems; a prefilter that skipped everything would show
    assert claims > 30


def test_rules_read_every_block_when_no_scan_is_active(shipped_linter: Linter) -> None:
    doc = parse("# Ketamine\n\nKetamine is FDA-approved for depression.\n\nNothing here.\n", "x.md")
    rule = next(r for r in shipped_linter.doc_rules if r.info.id == "regulatory.ketamine-approved-drug")
    assert [i for i, _ in rule.candidate_blocks(doc, None)] == [0, 1, 2]  # type: ignore[attr-defined]
