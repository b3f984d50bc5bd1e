"""Rule sets are validated on load: every mistake names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.loader import load_rulesets, parse_ruleset, shipped_rulesets
from klint.yamlfile import KlintError

GOOD_RULE = """\
ruleset: acme
rules:
  - id: acme.miracle
    kind: term
    category: absolute-claim
    message: "'{match}' overpromises."
    terms: [miracle cure]
"""


def _error(text: str) -> KlintError:
    with pytest.raises(KlintError) as caught:
        parse_ruleset(text, "acme.yaml", {})
    return caught.value


def test_a_valid_rule_set_loads() -> None:
    ruleset = parse_ruleset(GOOD_RULE, "acme.yaml", {})
    assert ruleset.name == "acme"
    assert [r.info.id for r in ruleset.rules] == ["acme.miracle"]
    assert ruleset.rules[0].info.severity == "warning"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD_RULE + "    colour: red\n", 8, "unknown key 'colour'"),
        (
            GOOD_RULE.replace("    message: \"'{match}' overpromises.\"\n", ""),
            3,
            "missing or empty 'message'",
        ),
        (GOOD_RULE.replace("terms: [miracle cure]", "patterns: ['(unclosed']"), 7, "bad regex in 'patterns'"),
        (GOOD_RULE.replace("kind: term", "kind: nonsense"), 4, "unknown rule kind 'nonsense'"),
        (GOOD_RULE + "    severity: fatal\n", 8, "'severity' must be one of"),
        (GOOD_RULE + "    scope: sidebar\n", 8, "unknown scope 'sidebar'"),
        (GOOD_RULE.replace("ruleset: acme", "ruleset: acme\nauthor: me"), 2, "unknown key 'author'"),
        ("rules: [\n", 2, "invalid YAML"),
        (GOOD_RULE + "    terms: [again]\n", 8, "duplicate key 'terms'"),
        (GOOD_RULE.replace("terms: [miracle cure]", "terms: 3"), 7, "'terms' must be a string or a list"),
    ],
)
def test_mistakes_name_file_and_line(text: str, line: int, fragment: str) -> None:
    error = _error(text)
    assert (error.path, error.line) == ("acme.yaml", line)
    assert fragment in error.message


def test_duplicate_rule_ids_in_one_file_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD_RULE + GOOD_RULE.split("rules:\n", 1)[1], encoding="utf-8")
    with pytest.raises(KlintError, match=r"duplicate rule id 'acme\.miracle'") as caught:
        load_rulesets([str(path)])
    assert (caught.value.path, caught.value.line) == (str(path), 8)


def test_duplicate_rule_ids_across_files_are_errors(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text(GOOD_RULE, encoding="utf-8")
    second.write_text(GOOD_RULE.replace("ruleset: acme", "ruleset: other"), encoding="utf-8")
    with pytest.raises(KlintError, match=r"duplicate rule id 'acme\.miracle'"):
        load_rulesets([str(first), str(second)])


def test_unknown_rule_set_names_the_shipped_ones() -> None:
    with pytest.raises(KlintError, match="unknown rule set 'nope'"):
        load_rulesets(["nope"])


def test_shipped_rule_sets_are_inside_the_package() -> None:
    assert "health-core" in shipped_rulesets()


def test_rule_sets_cannot_run_code() -> None:
    error = _error("ruleset: !!python/object/apply:os.system ['echo pwned']\nrules: []\n")
    assert "invalid YAML" in error.message
