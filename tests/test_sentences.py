"""Sentence splitting: abbreviations, decimals, initials, URLs and numbering don't end one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klint.sentences import _END, _END_AT_DOTS, _word_before, sentence_bounds


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_bounds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One claim. Another one.", ["One claim.", "Another one."]),
        ("Dr. Rivera said so. It helps.", ["Dr. Rivera said so.", "It helps."]),
        ("Drugs, e.g. SSRIs, help. Yes.", ["Drugs, e.g. SSRIs, help.", "Yes."]),
        ("About 2.5% responded. Then more.", ["About 2.5% responded.", "Then more."]),
        ("Smith et al. (2019) found it. Next.", ["Smith et al. (2019) found it.", "Next."]),
        ("See www.example.org/a.b for more. Ok.", ["See www.example.org/a.b for more.", "Ok."]),
        ("1. What is it? It is a drug.", ["1. What is it?", "It is a drug."]),
        ("He said “it works.” Then left.", ["He said “it works.”", "Then left."]),
        ("Is it safe? Yes! Mostly.", ["Is it safe?", "Yes!", "Mostly."]),
        ("Made in the U.S. and sold.", ["Made in the U.S. and sold."]),
        ("J. Smith wrote it.", ["J. Smith wrote it."]),
        ("  padded text  ", ["padded text"]),
        # numbering longer than the window _word_before looks in first is still numbering
        (
            "123456789012345678901234567890. What is it? Yes.",
            ["123456789012345678901234567890. What is it?", "Yes."],
        ),
    ],
)
def test_sentence_bounds(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


_SENTENCE_SOUP = st.lists(
    st.sampled_from(["a", "B", "7", ".", "-", "_", " ", "\n", "é", "e.g", "x" * 30, "1" * 26, "-approx"]),
    max_size=40,
)


@given(_SENTENCE_SOUP, st.integers(min_value=0, max_value=300), st.one_of(st.none(), st.integers(0, 300)))
def test_word_before_finds_what_a_search_of_the_whole_sentence_finds(
    parts: list[str], sentence_start: int, dot: int | None
) -> None:
    text = "".join(parts)
    dot = len(text) if dot is None else min(dot, len(text))  # at the end, a long run is likely
    sentence_start = min(sentence_start, dot)
    expected = re.compile(r"([\w.\-]+)$").search(text, sentence_start, dot)
    found = _word_before(text, sentence_start, dot)
    assert (found.span(1) if found else None) == (expected.span(1) if expected else None)


@given(
    st.lists(
        st.sampled_from(["a", "B", " ", "\n", ".", "..", '"', "”", ")", "]", "é", "\u2028"]), max_size=40
    )
)
def test_ends_at_dots_are_the_ends_found_in_text_without_other_terminators(parts: list[str]) -> None:
    text = "".join(parts)  # no "!", "?" or "…": the text sentence_bounds scans with _END_AT_DOTS
    assert [m.span() for m in _END_AT_DOTS.finditer(text)] == [m.span() for m in _END.finditer(text)]
