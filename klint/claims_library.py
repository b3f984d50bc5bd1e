"""The organisation's claims library: approved claims a statement must not contradict.

A YAML file (klint.yaml ``claims-library``) holding a list under ``claims:``; each entry
has an ``id``, a claim ``type`` (the name of a ``contradiction`` rule's claim type), its
``source``, and its approved ``wording`` and/or ``value`` (a label of the type with a
fixed interval), optionally a ``subject``. Entries of types no loaded rule declares are
skipped; every mistake names the file and line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from klint.claim_extraction import extract
from klint.claims import Claim, ClaimType, conflicts
from klint.markdown import parse
from klint.model import Location, Span
from klint.yamlfile import KlintError, line_of, load_yaml

LIBRARY_KEYS = {"id", "type", "wording", "value", "source", "subject"}


@dataclass(frozen=True, slots=True)
class LibraryClaim:
    """An approved claim: its id, wording, source and the claim it makes."""

    id: str
    path: str
    line: int
    wording: str
    source: str
    claim: Claim

    def describe(self) -> str:
        return f"approved claim '{self.id}': {self.wording} (source: {self.source})"


def load_library(path: str, ctype: ClaimType) -> tuple[LibraryClaim, ...]:
    """The library's entries of ``ctype``; entries of types no loaded rule declares are skipped."""
    display = _display(path)
    try:
        status = os.stat(path)
    except OSError as error:
        raise KlintError(f"cannot read the claims library: {error.strerror}", display) from None
    entries = _library_entries(path, display, (status.st_mtime_ns, status.st_size))
    found = []
    for raw in entries:
        if raw.get("type") != ctype.name:
            continue
        line = line_of(raw)
        claim = _approved_claim(raw, ctype, display, line)
        found.append(
            LibraryClaim(
                str(raw["id"]), display, line, str(raw.get("wording", "")), str(raw["source"]), claim
            )
        )
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _library_entries(path: str, display: str, stamp: tuple[int, int]) -> tuple[Any, ...]:
    """The validated entries, read once per run for all the rules (``stamp`` keys the cache)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KlintError(f"cannot read the claims library: {error}", display) from None
    data = load_yaml(text, display)
    entries = data.get("claims") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise KlintError("the claims library is a list of claims (or a mapping with 'claims')", display, 1)
    seen: set[str] = set()
    for raw in entries:
        line = line_of(raw, 1)
        if not isinstance(raw, dict):
            raise KlintError("each approved claim is a mapping", display, line)
        unknown = set(raw) - LIBRARY_KEYS
        if unknown:
            raise KlintError(
                f"unknown key '{sorted(unknown)[0]}' (expected {sorted(LIBRARY_KEYS)})", display, line
            )
        for key in ("id", "type", "source"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise KlintError(f"approved claim needs '{key}'", display, line)
        if not raw.get("wording") and not raw.get("value"):
            raise KlintError(f"approved claim '{raw['id']}' needs 'wording' or 'value'", display, line)
        if raw["id"] in seen:
            raise KlintError(f"duplicate approved claim id '{raw['id']}'", display, line)
        seen.add(raw["id"])
    return tuple(entries)


def _approved_claim(raw: Mapping[str, Any], ctype: ClaimType, display: str, line: int) -> Claim:
    """The claim the entry makes: its ``value`` label if given, else what its wording says."""
    here = Location(line, 1)
    claim: Claim | None = None
    if raw.get("value"):
        value = next((v for v in ctype.values if v.label == raw["value"]), None)
        if value is None or any(source.fixed is None for _, source in value.dims):
            labels = [v.label for v in ctype.values if all(s.fixed for _, s in v.dims)]
            raise KlintError(f"'value' must be one of {labels} for type '{ctype.name}'", display, line)
        dims = tuple(sorted((d, s.fixed) for d, s in value.dims if s.fixed is not None))
        claim = Claim(
            ctype.name, ctype.attribute, "", "", (), value.label, dims, value.polarity, False, "",
            display, Span(0, 0), here, here, Span(0, 0), str(raw["value"]), str(raw.get("wording", "")),
        )  # fmt: skip
    else:
        said = [c for c in extract(parse(str(raw["wording"]), display), ctype) if not c.hedged]
        if not said:
            raise KlintError(f"the wording of '{raw['id']}' states no '{ctype.name}' claim", display, line)
        claim = said[0]
    return replace(
        claim, subject=str(raw.get("subject") or claim.subject), path=display, start=here, end=here
    )


def _display(path: str) -> str:
    relative = os.path.relpath(path)
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")


def library_conflict(claim: Claim, approved: Claim) -> bool:
    """Like :func:`~klint.claims.conflicts`, but the library is the reference: an approved
    claim naming no subject or context applies to all, and a statement naming no context
    meets every one."""
    subject = approved.subject or claim.subject
    context = claim.context if not approved.context or not claim.context else approved.context
    return conflicts(claim, replace(approved, subject=subject, context=context, qualifiers=()))
