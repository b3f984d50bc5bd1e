"""``klint claims``: every claim the consistency rules extract, as text lines or JSON.

A report of what the ``contradiction`` rules see (:mod:`klint.claim_extraction`), so a
reviewer can check a site's claims and the normalised values they are compared by.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from klint.claims import Claim, ClaimType
from klint.quantities import Interval


def format_claims(found: Sequence[tuple[ClaimType, Claim]], fmt: str) -> str:
    """Every extracted claim as text lines or a JSON document, in path and line order."""
    ordered = sorted(found, key=lambda item: (item[1].path, item[1].span.start, item[1].type))
    if fmt == "json":
        rows = [_claim_dict(ctype, claim) for ctype, claim in ordered]
        return json.dumps({"version": 1, "claims": rows}, indent=2, ensure_ascii=False)
    lines = []
    for ctype, claim in ordered:
        flags = ", ".join(f for f in (claim.polarity, "hedged" if claim.hedged else "", claim.framing) if f)
        where = f"{claim.path}:{claim.start.line}:{claim.start.column}"
        names = (claim.subject, claim.context, *(name for _, name in claim.qualifiers))
        subject = "/".join(name for name in names if name) or "-"
        lines.append(
            f"{where}: {claim.type} [{subject}] {render_value(ctype, claim)} ({flags}) '{claim.text}'"
        )
    return "\n".join(lines)


def _claim_dict(ctype: ClaimType, claim: Claim) -> dict[str, Any]:
    return {
        "path": claim.path,
        "line": claim.start.line,
        "column": claim.start.column,
        "end_line": claim.end.line,
        "end_column": claim.end.column,
        "type": claim.type,
        "attribute": claim.attribute,
        "subject": claim.subject,
        "context": claim.context,
        "qualifiers": dict(claim.qualifiers),
        "label": claim.label,
        "value": {dim: [_finite(i.lo), _finite(i.hi)] for dim, i in claim.value},
        "display": render_value(ctype, claim),
        "polarity": claim.polarity,
        "hedged": claim.hedged,
        "framing": claim.framing or None,
        "text": claim.text,
        "sentence": claim.sentence_text,
    }


def _finite(number: float) -> float | None:
    """JSON has no infinity: an open upper end is null."""
    return None if number == math.inf else number


def render_value(ctype: ClaimType, claim: Claim) -> str:
    """The normalised value as a reviewer reads it: ``rate ≤ 1%``, ``hours ≥ 2 weeks``, ``year 1970``."""
    kinds = ctype.dimensions
    parts = [
        f"{dim} {_render_interval(i, kinds.get(dim, 'count'))}"
        for dim, i in claim.value
        if kinds.get(dim) not in ("scale", "flag")  # the label says it: "mild", "addictive"
    ]
    return f"{claim.label}: {', '.join(parts)}" if parts else claim.label


def _render_interval(interval: Interval, kind: str) -> str:
    def show(number: float) -> str:
        if number == math.inf:
            return "∞"
        if kind == "duration":
            return _render_hours(number)
        return f"{number:.2f}".rstrip("0").rstrip(".") + ("%" if kind == "percent" else "")

    if interval.lo == interval.hi:
        return show(interval.lo)
    if interval.hi == math.inf:
        return f"≥ {show(interval.lo)}"
    reach = f" (reaching {show(interval.reach)})" if interval.reach is not None else ""
    if interval.lo == 0:
        return f"≤ {show(interval.hi)}{reach}"
    return f"{show(interval.lo)}–{show(interval.hi)}"


def _render_hours(hours: float) -> str:
    """Hours in the largest unit that reads naturally ("2 weeks", "0.9 weeks", "40 min")."""
    if hours == 0:
        return "0 h"
    for name, size in (("years", 8766.0), ("months", 730.0), ("weeks", 168.0), ("days", 24.0), ("h", 1.0)):
        if hours >= size * 0.75:
            count = f"{hours / size:.2g}" if hours / size < 10 else f"{round(hours / size)}"
            return f"{count} {name[:-1] if count == '1' and name != 'h' else name}"
    return f"{round(hours * 60)} min"
