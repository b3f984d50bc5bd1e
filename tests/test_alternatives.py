"""Alternations searched part by part (klint.rules.term.Alternatives) find what the whole finds."""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klint.markdown import parse
from klint.prefilter import scanning
from klint.rules.alternatives import Alternatives, top_level_alternatives
from klint.rules.base import finditer, first_of
from klint.scanner import Scanner


@pytest.mark.parametrize(
    ("source", "pieces"),
    [
        ("a|b", ["a", "b"]),
        ("a|(?:b|c)|d", ["a", "(?:b|c)", "d"]),
        (r"[|]|x", ["[|]", "x"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"[]|]|c", ["[]|]", "c"]),
        (r"[^]|(]x|y", ["[^]|(]x", "y"]),
        (r"[\]|]|y", [r"[\]|]", "y"]),
        ("abc", ["abc"]),
        ("a|", ["a", ""]),
        # what it cannot read stays whole
        ("(?x)a | b", ["(?x)a | b"]),
        ("(?V1)[a[b]|c]|d", ["(?V1)[a[b]|c]|d"]),
        ("(?#a|b)c|d", ["(?#a|b)c|d"]),
        ("[[:alpha:]]|b", ["[[:alpha:]]|b"]),
        ("a)|(b", ["a)|(b"]),
        ("(a|b", ["(a|b"]),
    ],
)
def test_top_level_alternatives(source: str, pieces: list[str]) -> None:
    assert top_level_alternatives(source) == pieces


def test_parts_that_refer_to_each_other_or_set_global_flags_are_not_split() -> None:
    assert Alternatives([r"(a)x|\1y"], 0).parts == ()
    assert Alternatives([r"(?P<n>a)x", r"(?P=n)y"], 0).parts == ()
    assert Alternatives(["abc", "(?i)def"], 0).parts == ()
    assert len(Alternatives(["abc", "(?i:def)"], 0).parts) == 2
    assert Alternatives(["abc"], 0).parts == ()  # nothing to split
    assert Alternatives(["a # x|y\n|b"], regex.VERBOSE).parts == ()


_PIECES = st.sampled_from(
    [
        "a",
        "ab",
        "b+",
        "ka",
        r"\bab\b",
        "a(?=b)",
        "(?<=k)a",
        "",
        "x?",
        r"a\w*",
        "(?:ab|a)",
        "[ak]{2}",
        r"\s+s",
        "(?P<n>k)",
        "ſ",
    ]
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=2, max_size=5), st.text("abkKsſ x", max_size=30), st.booleans())
def test_parts_searched_alone_find_what_the_alternation_finds(
    pieces: list[str], text: str, ignore_case: bool
) -> None:
    flags = regex.I if ignore_case else 0
    whole = regex.compile("|".join(pieces), flags)
    alternatives = Alternatives(["|".join(pieces)], flags, whole)
    assert len(alternatives.parts) == len(pieces)
    expected = [m.span() for m in finditer(whole, text, "r")]
    assert [m.span() for m in first_of(alternatives.parts, text, "r")] == expected
    assert [
        m.span() for m in alternatives.in_document(parse(text, "x.md")).finditer(text, 0, "r")
    ] == expected


def test_a_block_is_searched_only_for_the_parts_its_screen_lets_through() -> None:
    alternatives = Alternatives([r"\bketamine\b", r"\bspravato\b", r"\besketamine\b"], regex.I)
    doc = parse("Ketamine and esketamine.\n\nSpravato only.\n\nNeither.\n", "x.md")
    scan = Scanner(alternatives.screens).scan([block.text for block in doc.blocks])
    with scanning(doc, scan):
        found = alternatives.in_document(doc)
    assert found.by_block == {0: [0, 2], 1: [1]}
    assert [m.group() for m in found.finditer(doc.blocks[0].text, 0, "r")] == ["Ketamine", "esketamine"]
    assert [m.group() for m in found.finditer(doc.blocks[2].text, 2, "r")] == []
    # without a scan every part is searched
    assert alternatives.in_document(doc).by_block is None


def test_found_in_searches_only_the_parts_whose_strings_the_text_holds() -> None:
    alternatives = Alternatives([r"results\s+may\s+vary", r"not\s+typical"], regex.I)
    assert alternatives.found_in("Results  may vary.", "r")
    assert alternatives.found_in("This is NOT typical.", "r")
    assert not alternatives.found_in("Results are typical.", "r")
