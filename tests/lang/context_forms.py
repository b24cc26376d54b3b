"""The assertion every language's context table shares: only the plain claim is a finding,
and a dismissed form names the modifier that removed it."""

from regenwatch.api import CheckOptions, check


def assert_context_form(options: CheckOptions, text: str, category: str, expected: bool,
                        reason: str | None) -> None:
    report = check(text, options)
    found = [f for f in report.findings if f.category == category]
    assert bool(found) == expected, (text, [(f.rule, f.quote) for f in report.findings],
                                     [(d.rule, d.reason) for d in report.dismissed])
    if reason:
        reasons = [d.reason for d in report.dismissed if d.category == category]
        assert any(r.startswith(reason) for r in reasons), reasons


def assert_offer_is_high(text: str, lang: str, categories: set[str]) -> None:
    """A clinic's offer in `lang`: read with that language's pack, judged high."""
    report = check(text)
    assert report.lang == lang
    cats = {f.category for f in report.findings}
    assert categories <= cats, cats
    assert any(s.name == "commercial-offer" for s in report.signals)
    assert report.verdict == "high"


def assert_refuting_text_is_low(text: str, lang: str) -> None:
    """News or advice that quotes claims to refute them: low, the claims set aside."""
    report = check(text)
    assert report.lang == lang
    assert report.verdict == "low"
    assert not [f for f in report.findings if f.category != "obfuscated-text"], [
        (f.rule, f.quote) for f in report.findings]
    assert report.dismissed  # the quoted claims were seen and set aside, not missed


def assert_cue_makes_an_offer(listing: str, cue: str, options: CheckOptions) -> None:
    """A priced listing whose only claim is about safety is `elevated` once the cue (a
    booking line, a sponsored label, free shipping) makes it an offer."""
    report = check(f"{cue}\n{listing}", options)
    assert report.verdict == "elevated", (cue, [(f.rule, f.quote) for f in report.findings])
