"""Which site a document belongs to, for comparing the claims of one site's documents.

A site is named by a front-matter field (``site:`` unless klint.yaml's ``site: {field: ...}``
says otherwise), else by the first matching glob of ``site: {folders: {glob: name}}``, else
it is the repository's one unnamed site. A document whose field says it does not know its
site ("unknown") is a site of its own: nothing says it shares claims with any other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

#: The site of documents that name none and match no configured folder.
DEFAULT_SITE = ""
#: Field values that name no site.
UNNAMED = frozenset({"unknown", "none", "n/a", "na", "-", "?", "tbd"})


def site_of(path: str, front_matter: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """The site name of the document at ``path`` (as displayed) with this front matter."""
    field = str(settings.get("field") or "site")
    value = front_matter.get(field) if isinstance(front_matter, Mapping) else None
    if isinstance(value, (str, int)) and str(value).strip():
        name = str(value).strip()
        return f"file:{path}" if name.lower() in UNNAMED else name
    folders = settings.get("folders") or {}
    if isinstance(folders, Mapping):
        for glob, site in folders.items():
            if matches(path, str(glob)):
                return str(site)
    return DEFAULT_SITE


def matches(path: str, glob: str) -> bool:
    """``glob`` matches the path or, unless it starts with '/', any trailing part of it, so
    "blog/**" finds "blog/a.md" whether klint runs at the root or above it. ``*`` stays
    within one folder, ``**`` crosses folders."""
    parts = [p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in ("/", ".", "..")]
    pattern = _compiled(glob.lstrip("/"))
    if glob.startswith("/"):
        return pattern.fullmatch("/".join(parts)) is not None
    return any(pattern.fullmatch("/".join(parts[i:])) for i in range(len(parts)))


@functools.lru_cache(maxsize=64)
def _compiled(glob: str) -> re.Pattern[str]:
    pieces = re.split(r"(\*\*/?|\*|\?)", glob)
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(piece, re.escape(piece)) for piece in pieces))
