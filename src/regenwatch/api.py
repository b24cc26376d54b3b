"""check(): the one entry every face (CLI, scan, web, Spark) drives.

extract -> normalise -> segment -> signals -> detect -> assess, all on one document; offsets
in the report point into the original text (or the extracted text for HTML).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from regenwatch import lexicon
from regenwatch.assess import assess
from regenwatch.context import load_context
from regenwatch.detect import detect, has_product_context
from regenwatch.extract import extract
from regenwatch.kb.records import SOLD_BESIDE_KINDS
from regenwatch.lang import detect_language
from regenwatch.match import compiled_macro, compiled_pack
from regenwatch.model import Dismissed, Document, Finding, Report
from regenwatch.normalize import normalize, obfuscation_runs
from regenwatch.rules.registry import is_selected, load_packs
from regenwatch.segment import split_sentences
from regenwatch.signals import DocSignals, doc_signals, product_mentions


@dataclass(frozen=True)
class CheckOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include_text: bool = True
    language: str | None = None  # force a language instead of detecting it
    max_chars: int = 20_000_000


@dataclass
class _Prepared:
    text: str
    blocks: tuple = field(default_factory=tuple)


def _prepare(doc: Document) -> _Prepared:
    if doc.html is not None:
        ext = extract(doc.html)
        return _Prepared(ext.text, ext.blocks)
    return _Prepared(doc.text or "", doc.blocks)


def _local_context(text: str, start: int) -> str:
    """What a sentence leans on for "it": the page title and a few hundred characters around
    it. Bounded, so a long page costs the same per sentence as a short one."""
    title_end = text.find("\n")
    title = text[: title_end if 0 <= title_end < 200 else 200]
    return (title + "\n" + text[max(0, start - 400):start + 400]).lower()


@functools.cache
def _approved_product_names():
    """RE2 of every approved product's names, aliases and class wording: the cheap gate in
    front of the knowledge base's exact (and slower) true-approval check."""
    import re2

    from regenwatch.kb import load as load_kb
    from regenwatch.match import term_to_regex

    kb = load_kb()
    terms = set()
    for p in kb.products:
        terms.add(p.name.split("(")[0].strip().lower())
        terms.update(a.lower() for a in p.aliases)
    for aliases in (kb.matching.get("kind_aliases") or {}).values():
        terms.update(a.lower() for a in aliases)
    alts = sorted({term_to_regex(t) for t in terms if len(t) > 2}, key=lambda a: (-len(a), a))
    return re2.compile(r"(?i)\b(?:" + "|".join(alts) + r")\b")


def _names_approved_product(text: str) -> bool:
    return _approved_product_names().search(text) is not None


@functools.cache
def _condition_terms(language: str) -> tuple[str, ...]:
    """The lexicon's condition terms, built once per language (not once per document).

    Without the short capitalised abbreviations (MS, ED, EM, ALS): the knowledge base
    matches lower-cased text, where they are everyday words (Portuguese "em", German
    "als"), and every sentence holding one read as naming a use outside the label. Their
    full names are in the lexicon too."""
    try:
        terms = lexicon.load(language).condition_terms()
    except lexicon.LexiconError:
        return ()
    return tuple(t for t in terms if not (len(t) <= 4 and t.isupper()))


def _true_statement_checker(language: str, document: str):
    """A sentence is true when the knowledge base shows an approval for that product and use;
    the nearby text supplies the product name when the sentence says only "it"."""
    from regenwatch.kb import load as load_kb

    conditions = _condition_terms(language)
    if not _names_approved_product(document):
        return None  # no approved product named anywhere: nothing can be true
    is_true_approval = load_kb().is_true_approval

    seen: dict[int, str | None] = {}  # several candidates share a sentence

    def check_sentence(sentence: str, start: int = 0) -> str | None:
        if start not in seen:
            seen[start] = _check(sentence, start)
        return seen[start]

    def _check(sentence: str, start: int) -> str | None:
        context = _local_context(document, start)
        if not _names_approved_product(context):
            return None
        product = is_true_approval(sentence.lower(), context, conditions)
        return getattr(product, "name", None) if product else None

    return check_sentence


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")  # what RE2's \b counts as a word


def _sentences_naming_approved_product(lower: str, hits: list[tuple[int, int]], sentences):
    """The sentences s whose text ``lower[s.start:s.end]`` names an approved product, exactly
    as searching each slice with ``_approved_product_names()`` would say, from the matches
    of one scan of the whole of `lower` (`hits`; those starting after the last sentence may
    be left out).

    A slice searched on its own sees no text beyond its edges. Where the character outside
    each edge is not a word character (or there is none), RE2's \\b there reads the same
    in the slice and in the whole text, so: a match of the whole-text scan lying inside the
    slice is a match of the slice; and when no match of the scan touches the slice, the
    slice has none (the scan reports the leftmost match from where it stands, so a match
    inside the slice would have been reported or covered by a reported one). A slice with
    other edges, or only partly covered by a match, is searched on its own.
    """
    names = _approved_product_names()
    starts = [a for a, _ in hits]
    size = len(lower)
    for s in sentences:
        a, b = s.start, s.end
        if (0 <= a <= b <= size and (a == 0 or not _ascii_word(lower[a - 1]))
                and (b == size or not _ascii_word(lower[b]))):
            k = bisect.bisect_left(starts, a)  # the first match starting at or after a
            if k < len(hits) and hits[k][1] <= b:
                yield s  # a match inside the slice
                continue
            if not ((k > 0 and hits[k - 1][1] > a) or (k < len(hits) and hits[k][0] < b)):
                continue  # no match touches the slice
        if names.search(lower[a:b]) is not None:
            yield s


def _describes_approved_product(text: str, sentences, language: str | None = None) -> bool:
    """A page with a sentence the knowledge base shows true: an approved product named with
    its labelled use (cord-blood transplants for leukaemia, a CAR-T for lymphoma), or named
    in one sentence with its use in the next one of the same paragraph ("... receive
    blood-forming stem cells from a donor. The transplant is an established treatment for
    acute leukaemia") - there every condition named must be a labelled use."""
    from regenwatch.kb import load as load_kb
    from regenwatch.re2scan import spans

    names = _approved_product_names()
    sentences = sentences[:400]
    # Matches starting after the last of these sentences touch none of them: the scan
    # stops at the first such match (kept, so that a page naming a product only there
    # still passes the gate).
    stop = max((s.end for s in sentences), default=0)
    hits: list[tuple[int, int]] = []
    if text.isascii():
        # The regex ignores case and lower-casing ASCII changes nothing else, so one scan
        # of the text (with the UTF-8 encoding the other scans made) is both the gate and
        # the scan of `lower`.
        for hit in spans(names, text):
            hits.append(hit)
            if hit[0] >= stop:
                break
        if not hits:
            return False
        lower = text.lower()
    else:
        if not _names_approved_product(text):
            return False
        lower = text.lower()
        for m in names.finditer(lower):
            hits.append(m.span())
            if hits[-1][0] >= stop:
                break
    kb_true_approval = load_kb().is_true_approval

    def is_true_approval(*args):
        product = kb_true_approval(*args)
        return product is not None and product.kind not in SOLD_BESIDE_KINDS

    naming = list(_sentences_naming_approved_product(lower, hits, sentences))
    if any(is_true_approval(lower[s.start:s.end], _local_context(text, s.start))
           for s in naming):
        return True
    conditions = _condition_terms(language) if language else ()
    if not naming or not conditions:
        return False
    position = {id(s): i for i, s in enumerate(sentences)}
    for s in naming:
        i = position[id(s)] + 1
        after = sentences[i] if i < len(sentences) else None
        if (after is not None and after.line_start == s.line_start
                and is_true_approval(lower[after.start:after.end],
                                     _local_context(text, after.start), conditions)):
            return True
    return False


def _role_lookup(blocks):
    """pos -> role of the block holding it (blocks are in text order); plain text is main."""
    starts = [b.start for b in blocks]

    def role_at(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos <= blocks[i].end:
            return blocks[i].role
        return "main"

    return role_at


# No-break, thin, ideographic and other space separators read as a plain space: "FDA&nbsp;
# approved" is the same claim, and rule regexes (RE2's \s is ASCII) would not see it. One for
# one, so every offset still points into the original text.
_ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACE_TABLE = str.maketrans(_ODD_SPACES, " " * len(_ODD_SPACES))


# Hyphens and en dashes joining two words ("Health Canada–cleared", a word processor's
# non-breaking "FDA‑approved") read as the hyphen the rules know; one for one as well.
# A dash with a space on either side is punctuation and stays.
_JOINING_DASH = re.compile(r"(?<=[^\W_])[\u2010-\u2013](?=[^\W_])")


def _plain_separators(text: str) -> str:
    """Odd spaces as spaces and word-joining dashes as hyphens, one character for one, so
    the rules see the separators they are written with and offsets stay the original's."""
    if text.isascii():
        return text
    if any(c in text for c in _ODD_SPACES):
        text = text.translate(_SPACE_TABLE)
    if any(d in text for d in "\u2010\u2011\u2012\u2013"):
        text = _JOINING_DASH.sub("-", text)
    return text


@functools.cache
def _sold_beside_names() -> tuple[str, ...]:
    from regenwatch.kb import load as load_kb

    return tuple(p.name for p in load_kb().products if p.kind in SOLD_BESIDE_KINDS)


def _describes_page(reason: str | None) -> bool:
    """A dismissal by a true statement of a product that describes the page: a regenerative
    one (cord blood for leukaemia), not Botox or a knee gel sold beside the claims."""
    return bool(reason and reason.startswith("true-statement")
                and not any(name in reason for name in _sold_beside_names()))


def _detect_settling_approved_context(args: tuple, sig: DocSignals) -> list:
    """detect(*args), with the page-level "describes an approved product" judgement settled
    by what detection finds (at most one more pass, on pages that name an approved product)."""
    candidates = first = detect(*args)
    if (not sig.approved_context and sig.unapproved_product == 0
            and any(_describes_page(c.dismissed_by) for c in first)):
        # A sentence the knowledge base confirms (CAR-T for lymphoma, named a sentence
        # before): the page describes an approved product, as if found up front.
        sig.approved_context = True
        candidates = detect(*args)
    if sig.approved_context and any(c.dismissed_by is None
                                    and c.rule.rule.category in ("approval-claim",
                                                                 "exemption-claim")
                                    for c in candidates):
        # A false approval claim of the seller's own survived, or a claim that its product
        # needs no approval: the page sells more than the approved product, so its other
        # claims are not excused by it either.
        sig.approved_context = False
        candidates = first if candidates is not first else detect(*args)
    return candidates


def check(doc: Document | str, options: CheckOptions | None = None) -> Report:
    options = options or CheckOptions()
    if isinstance(doc, str):
        doc = Document(id="-", source="-", text=doc)
    if doc.html is None and doc.text is None:
        kind = "unfetched-url" if doc.url else "empty-record"
        return Report.failed(doc.id, doc.source, kind, "no text or html to check")
    prepared = _prepare(doc)
    original = prepared.text
    role_at = _role_lookup(prepared.blocks)
    if len(original) > options.max_chars:
        return Report.failed(doc.id, doc.source, "too-large",
                             f"{len(original)} characters exceeds the limit")
    norm = normalize(_plain_separators(original))
    text = norm.text
    lang = options.language or detect_language(text)
    report = Report(id=doc.id, source=doc.source, lang=lang,
                    text=original if options.include_text else None)
    packs = load_packs()
    findings: list[Finding] = []
    dismissed: list[Dismissed] = []
    pack_lang = lang if lang in packs else None
    sig_lang = pack_lang or "en"
    sig = doc_signals(sig_lang, text)
    if sig.product == 0 and pack_lang != "en":
        sig.product = product_mentions("en", text)  # English product words abroad
    rules = tuple(cr for cr in compiled_pack(pack_lang or "en")
                  if is_selected(cr.rule, options.select, options.ignore)
                  and ("product-context" not in cr.rule.requires
                       or has_product_context(cr, sig)))
    # A page without a product word keeps only rules that do not need one (today: none), so
    # unrelated pages skip detection; obfuscation is still reported below.
    if pack_lang is not None and rules:
        sentences = split_sentences(text)
        sig.approved_context = sig.unapproved_product == 0 and _describes_approved_product(
            text, sentences, pack_lang)
        args = (text, sentences, rules, load_context(pack_lang), sig,
                _true_statement_checker(pack_lang, text),
                compiled_macro(pack_lang, "registration_disclaimer"),
                compiled_macro(pack_lang, "cosmetic"),
                compiled_macro(pack_lang, "first_person")
                or compiled_macro("en", "first_person"), pack_lang)
        for c in _detect_settling_approved_context(args, sig):
            os_, oe = norm.to_original(c.start, c.end)
            rule = c.rule.rule
            if c.dismissed_by:
                dismissed.append(Dismissed(rule.code, rule.category, os_, oe,
                                           original[os_:oe], c.dismissed_by))
            else:
                findings.append(Finding(rule.code, rule.category, os_, oe, original[os_:oe],
                                        rule.message, rule.basis,
                                        role_at(os_), c.modifiers))
    findings = _drop_nested(findings)
    findings.extend(_obfuscation_findings(norm, original, role_at, options, pack_lang))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    verdict, reasons, score = assess(findings, sig)
    report.findings = findings
    report.dismissed = dismissed
    report.signals = sig.doc_signals()
    report.verdict, report.verdict_reasons, report.score = verdict, reasons, score
    kinds: dict[str, int] = {}
    changed = 0
    for start, end, _rep, kind, counted in norm.edit_list():
        if counted:  # folded dotted abbreviations and soft hyphens are not obfuscation
            n = max(1, end - start)
            kinds[kind] = kinds.get(kind, 0) + n
            changed += n
    report.normalization = {"changed_chars": changed, "kinds": kinds}
    return report


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """One finding per claim: a span inside another of the same category says nothing new."""
    ordered = sorted(findings, key=lambda f: (f.category, f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in ordered:
        if any(k.category == f.category and k.start <= f.start and f.end <= k.end
               for k in kept[-8:]):
            continue
        kept.append(f)
    return kept


def _obfuscation_rule(language: str | None = None):
    """The obfuscation rule of the document's pack, else English's, else any pack's (the
    packs load in directory order, and "de" sorts before "en")."""
    packs = load_packs()
    order = [packs[k] for k in (language, "en") if k in packs] + list(packs.values())
    for pack in order:
        for rule in pack.rules:
            if rule.kind == "obfuscation":
                return rule
    return None


def _obfuscation_findings(norm, original, role_at, options,
                          language: str | None = None) -> list[Finding]:
    rule = _obfuscation_rule(language)
    if rule is None or not is_selected(rule, options.select, options.ignore):
        return []
    out = []
    for start, end, count, kinds in obfuscation_runs(norm):
        detail = ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items()))
        out.append(Finding(rule.code, rule.category, start, end, original[start:end],
                           f"{rule.message} ({count} changed: {detail})", rule.basis,
                           role_at(start)))
    return out
