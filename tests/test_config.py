"""Configuration: found upward, validated with key and line, applied to rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from klint.config import find_config, is_enabled, load_config, severity_for
from klint.model import RuleInfo
from klint.yamlfile import KlintError

INFO = RuleInfo("health-core.cure-claim", "term", "health-core", "absolute-claim", "error", "m")


def test_found_from_a_nested_folder(tmp_path: Path) -> None:
    (tmp_path / "klint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    found = find_config(nested)
    assert found == (tmp_path / "klint.yaml").resolve()
    assert load_config(found).fail_on == "error"


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.klint]\nignore = ["absolute-claim"]\n', encoding="utf-8")
    config = load_config(find_config(tmp_path))
    assert config.ignore == ("absolute-claim",)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("fail-on: warning\nfial-on: error\n", 2, "unknown configuration key 'fial-on'"),
        ("fail-on: fatal\n", 1, "'fail-on': must be one of"),
        ("severity:\n  x: loud\n", 1, "'severity': 'x' must be one of"),
        ("site: {field: site, group: x}\n", 1, "unknown key 'group'"),
        ("select: 3\n", 1, "must be a string or a list of strings"),
        ("rules: [\n", 2, "invalid YAML"),
    ],
)
def test_mistakes_name_key_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "klint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KlintError) as caught:
        load_config(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("select", "ignore", "enabled"),
    [
        ((), (), True),
        (("health-core",), (), True),
        (("ketamine",), (), False),
        ((), ("absolute-claim",), False),
        (("health-core.cure-claim",), ("absolute-claim",), True),
        (("absolute-claim",), ("health-core.cure-claim",), False),
        (("health-core",), ("health-core",), False),
    ],
)
def test_selection_prefers_the_more_specific_selector(select, ignore, enabled) -> None:
    assert is_enabled(INFO, select, ignore) is enabled


def test_severity_override_by_prefix() -> None:
    assert severity_for(INFO, {"health-core": "info"}) == "info"
    assert severity_for(INFO, {"health-core": "info", "health-core.cure-claim": "warning"}) == "warning"
    assert severity_for(INFO, {"ketamine": "info"}) == "error"
