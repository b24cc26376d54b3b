"""Findings + document signals -> the verdict (taxonomy decision table) and a rank score.

The score orders documents for a reviewer; it never decides the verdict.
"""

from __future__ import annotations

from regenwatch.model import HIGH_SEVERITY, Finding
from regenwatch.signals import DocSignals

_WEIGHTS = {
    "approval-claim": 22, "exemption-claim": 20, "disease-claim": 20, "risky-route": 14,
    "cure-guarantee": 10, "safety-claim": 10, "registration-as-approval": 9,
    "pay-to-participate": 9, "testimonial": 6, "obfuscated-text": 8,
}


def assess(findings: list[Finding], sig: DocSignals) -> tuple[str, list[str], int]:
    cats = {f.category for f in findings}
    reasons: list[str] = []
    if not sig.is_offer:
        if sig.investigational:
            reasons.append("a registered trial (IND/NCT) that charges nothing: not an offer")
        elif sig.informational:
            reasons.append("informational or cautionary writing, not an offer")
        else:
            reasons.append("no offer of a product or service")
        verdict = "low"
    elif not cats:
        reasons.append("an offer, but no claim the taxonomy lists")
        verdict = "low"
    else:
        strong = sorted(cats & HIGH_SEVERITY)
        if strong:
            verdict = "high"
            reasons.append("an offer with " + ", ".join(strong))
        elif "risky-route" in cats and len(cats) > 1:
            verdict = "high"
            others = sorted(cats - {"risky-route"})
            reasons.append("an offer of a high-risk route with " + ", ".join(others))
        else:
            verdict = "elevated"
            reasons.append("an offer with " + ", ".join(sorted(cats)))
    score = sum(_WEIGHTS.get(c, 5) for c in cats) + min(len(findings), 10)
    if sig.is_offer:
        score += 15
    if verdict == "low":
        score = min(score, 30)
    elif verdict == "elevated":
        score = max(31, min(score, 65))
    else:
        score = max(66, min(score, 100))
    return verdict, reasons, score
