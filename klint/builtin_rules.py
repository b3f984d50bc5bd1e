"""Rules klint itself reports about a run, so they can be listed, explained and selected."""

from __future__ import annotations

from klint.model import RuleInfo


def _builtin(id: str, severity: str, message: str, rationale: str) -> RuleInfo:
    return RuleInfo(
        id=id,
        kind="builtin",
        ruleset="klint",
        category="style",
        severity=severity,  # type: ignore[arg-type]
        message=message,
        rationale=rationale,
    )


UNUSED_SUPPRESSION = _builtin(
    "klint.unused-suppression",
    "info",
    "This suppression comment hides no finding; remove it.",
    "Stale suppressions hide future problems on the same lines.",
)
RULE_TIMEOUT = _builtin(
    "klint.rule-timeout",
    "warning",
    "A rule's pattern ran too long on this file and was skipped for it.",
    "Catastrophic regexes must not hang a pre-commit hook or a CI job.",
)
FIX_NOT_CONVERGED = _builtin(
    "klint.fix-not-converged",
    "warning",
    "Fixes did not settle: applying them kept producing new changes.",
    "Two rules whose fixes undo or re-trigger each other must not loop forever or grow a file.",
)

BUILTIN_RULES = (UNUSED_SUPPRESSION, RULE_TIMEOUT, FIX_NOT_CONVERGED)
