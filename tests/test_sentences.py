"""Sentence splitting: abbreviations, decimals, initials, URLs and numbering don't end one."""

from __future__ import annotations

import pytest

from klint.sentences import sentence_bounds


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
    ],
)
def test_sentence_bounds(text: str, expected: list[str]) -> None:
    assert _split(text) == expected
