"""Properties of --fix on generated Markdown: idempotent, local, structure-keeping, complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klint.config import Config
from klint.fixes import MAX_PASSES, apply_edits, choose, fix_result
from klint.linter import Linter, load_rules
from klint.markdown import parse
from klint.model import Edit
from klint.source import SourceText
from tests.test_fixes import RULES

WORDS = ["ketamine", "infusions", "help", "patients", "with", "depression", "the", "clinic", "no", "today"]
FLAGGED = [
    "stimulating",
    "Stimulates",
    "STIMULATING",
    "no side effects",
    "side effects",
    "miracle cure",
    "suicidal thoughts",
    "FDA-approved",
    "100% safe",
    "risk-free",
]


def _inline(token: str, markup: int) -> str:
    return [token, f"**{token}**", f"_{token}_", f"[{token}](https://example.org/a)"][markup]


inline = st.builds(_inline, st.sampled_from(WORDS + FLAGGED), st.integers(0, 3))
sentence = st.lists(inline, min_size=1, max_size=7).map(lambda words: " ".join(words) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
block = st.one_of(
    paragraph,
    sentence.map(lambda s: f"## {s}"),
    st.lists(sentence, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {s}" for s in items)),
    paragraph.map(lambda p: f"> {p}"),
    st.lists(sentence, min_size=2, max_size=3).map("\n".join),  # a paragraph wrapped over lines
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = "\n\n".join(draw(st.lists(block, min_size=1, max_size=5)))
    text += draw(st.sampled_from(["\n", "", "\n\n"]))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    folder: Path = tmp_path_factory.mktemp("rules")
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    config = Config(rulesets=(str(folder / "rules.yaml"), "health-core"))
    return Linter(config, load_rules(config))


def _fixed(linter: Linter, text: str, unsafe: bool) -> str:
    return fix_result(linter, linter.check_source(SourceText("doc.md", text)), unsafe).text


def _assert_outside_unchanged(before: str, after: str, edits: list[Edit]) -> None:
    """Every character between the edited spans is where it was, shifted by earlier edits."""
    newline = "\r\n" if "\r\n" in before else "\n"
    shift, position = 0, 0
    for edit in sorted(edits, key=lambda e: e.span.start):
        start = edit.span.start + shift
        assert after[position + shift : start] == before[position : edit.span.start]
        replacement = edit.replacement.replace("\r\n", "\n").replace("\n", newline)
        assert after[start : start + len(replacement)] == replacement
        shift += len(replacement) - (edit.span.end - edit.span.start)
        position = edit.span.end
    assert after[position + shift :] == before[position:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents(), unsafe=st.booleans())
def test_fixing_is_local_idempotent_structure_keeping_and_complete(
    linter: Linter, text: str, unsafe: bool
) -> None:
    current = text
    inserted = 0
    for _ in range(MAX_PASSES):
        chosen = choose(linter.check_source(SourceText("doc.md", current)).findings, unsafe, parse(current))
        if not chosen:
            break
        edits = [edit for _, fix in chosen for edit in fix.edits]
        inserted += sum(1 for edit in edits if edit.span.start == edit.span.end)
        after = apply_edits(current, edits)
        _assert_outside_unchanged(current, after, edits)
        current = after
    # the pass-by-pass walk above is what fix_result does
    assert _fixed(linter, text, unsafe) == current
    # idempotent
    assert _fixed(linter, current, unsafe) == current
    # still parses, into the same blocks plus one paragraph per inserted statement
    kinds_before = [block.kind for block in parse(text).blocks]
    kinds_after = [block.kind for block in parse(current).blocks]
    assert kinds_after == kinds_before + ["paragraph"] * inserted
    # nothing fixable is left: what remains needs a writer (a phrase across markup, a choice)
    remaining = linter.check_source(SourceText("doc.md", current)).findings
    assert choose(remaining, unsafe, parse(current)) == []
    # line endings are the file's own
    if "\r\n" in text:
        assert "\n" not in current.replace("\r\n", "")
