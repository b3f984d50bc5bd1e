"""Shared fixtures: a linter over the shipped rule sets; klint's user caches kept out of ~/.cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from klint.config import Config
from klint.linter import Linter, load_rules


@pytest.fixture(scope="session")
def shipped_linter() -> Linter:
    config = Config()
    return Linter(config, load_rules(config))


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The rule cache and the cache signing key go to a temporary folder, not the tester's home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield
