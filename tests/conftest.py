"""Shared fixtures: a linter over the shipped rule sets."""

from __future__ import annotations

import pytest

from klint.config import Config
from klint.linter import Linter, load_rules


@pytest.fixture(scope="session")
def shipped_linter() -> Linter:
    config = Config()
    return Linter(config, load_rules(config))
