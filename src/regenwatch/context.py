"""Context triggers -> modifiers on a candidate claim (ConText/NegEx-style, our own data).

A trigger has a direction: `forward` triggers act on what follows them, `backward` on what
precedes them, within one clause (a terminator such as "but" or ";" ends the scope) and
within `max_tokens` words. Pseudo-triggers ("not only") cancel a trigger they contain.
Triggers are matched whole-word, never as substrings.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from importlib import resources

import re2
import yaml

from regenwatch.match import SCREEN_MAX_TEXT, bounded_term, find_all
from regenwatch.re2scan import Screen, compile_latin1
from regenwatch.segment import Sentence
from regenwatch.yamlfast import safe_load

# contraindicated: a condition named as a reason not to have the treatment ("not suitable if
# you have a flare of eczema or psoriasis", "rosacea and acne are medical conditions; please
# see a dermatologist"), over a longer reach than a hypothetical's "if"
MODIFIER_NAMES = ("negated", "asked", "hypothetical", "attributed", "regulator-voice", "refuted",
                  "contraindicated")


class ContextError(ValueError):
    pass


_OPTIONS = re2.Options()  # RE2's defaults: the leftmost trigger, not the longest


def _alt(terms) -> object | None:
    bad = [t for t in terms if not isinstance(t, str)]
    if bad:  # YAML reads a bare no/yes/on/off as a boolean: refuse, do not drop it
        raise ContextError(f"trigger {bad[0]!r} is not a string; quote it in the YAML")
    terms = [t for t in terms if t]
    if not terms:
        return None
    alts = sorted({bounded_term(t, r"(?:^|\b)", r"(?:\b|$)", plural=False) for t in terms},
                  key=lambda a: (-len(a), a))
    pattern = r"(?i)(?:" + "|".join(alts) + r")"
    return compile_latin1(pattern, _OPTIONS) or re2.compile(pattern)


@dataclass(frozen=True)
class TriggerSet:
    forward: object | None
    backward: object | None
    max_tokens: int


@dataclass(frozen=True)
class ContextPack:
    language: str
    triggers: dict[str, TriggerSet]
    pseudo: object | None
    terminators: object | None
    question_openers: object | None
    refutation_followers: object | None


def _load_raw(language: str) -> dict:
    path = resources.files("regenwatch.rules").joinpath("context", f"{language}.yaml")
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContextError(f"no context triggers for language {language!r}") from exc
    except yaml.YAMLError as exc:
        raise ContextError(f"rules/context/{language}.yaml: {exc}") from exc
    return data


@functools.cache
def load_context(language: str) -> ContextPack:
    data = _load_raw(language)
    where = f"rules/context/{language}.yaml"
    if not isinstance(data, dict) or data.get("language") != language:
        raise ContextError(f"{where}: 'language: {language}' is required")
    raw_triggers = data.get("triggers") or {}
    unknown = set(raw_triggers) - set(MODIFIER_NAMES)
    if unknown:
        raise ContextError(f"{where}: unknown modifier(s) {', '.join(sorted(unknown))}")
    triggers = {}
    for name in MODIFIER_NAMES:
        spec = raw_triggers.get(name) or {}
        fwd, bwd = spec.get("forward") or [], spec.get("backward") or []
        if name != "asked" and not (fwd or bwd):
            raise ContextError(f"{where}: modifier {name!r} has no triggers")
        triggers[name] = TriggerSet(_alt(fwd), _alt(bwd), int(spec.get("max_tokens", 12)))
    return ContextPack(
        language=language,
        triggers=triggers,
        pseudo=_alt(data.get("pseudo") or []),
        terminators=_alt(data.get("terminators") or []),
        question_openers=_alt(data.get("question_openers") or []),
        refutation_followers=_alt(data.get("refutation_followers") or []),
    )


# the seller's own words before an attribution verb ("we claim", "our vesicles are sold as",
# "nuestros exosomas se venden como", "unsere Produkte werden als ... verkauft")
_FIRST_PERSON = frozenset({"we", "i", "our", "us", "my", "nuestro", "nuestra", "nuestros",
                           "nuestras", "nosotros", "nosso", "nossa", "nossos", "nossas",
                           "wir", "unser", "unsere", "unseren", "unserem", "unserer"})


# "because they are sold as reagents, these are not regulated": a reason the writer gives
_CAUSAL = frozenset({"because", "porque", "weil"})
_OWN_WORDS = _FIRST_PERSON | _CAUSAL


def _writers_own_before(text: str, lo: int, s: int) -> bool:
    """The writer's own words among the four before an attribution verb: the seller
    speaking ("we claim") or giving its reason ("because they are sold as")."""
    words = text[max(lo, s - 40):s].lower().split()[-4:]
    return any(w.strip("\"'“(,") in _OWN_WORDS for w in words)


def _names_writer(words: str) -> bool:
    """The writer's own first-person words among these ("our", "we", "nuestros", "unsere")."""
    return any(w.strip("\"'“(,.:;¿?") in _FIRST_PERSON for w in words.lower().split())


def _token_count(text: str) -> int:
    return len(text.split())


@dataclass
class _SentenceHits:
    """Every trigger match in one sentence, found once and shared by its candidates."""

    triggers: dict[str, tuple[list, list]]
    pseudo: list
    terminators: list


_SCREENS: dict[int, tuple[ContextPack, Screen, list]] = {}


def _trigger_screen(ctx: ContextPack) -> tuple[Screen, list]:
    """One set pass that tells which trigger lists occur in a short text at all (built
    once per context pack)."""
    held = _SCREENS.get(id(ctx))
    if held is not None and held[0] is ctx:
        return held[1], held[2]
    regexes = [r for ts in ctx.triggers.values() for r in (ts.forward, ts.backward)
               if r is not None]
    regexes += [r for r in (ctx.pseudo, ctx.terminators, ctx.question_openers,
                            ctx.refutation_followers) if r is not None]
    screen = Screen(regexes)
    _SCREENS[id(ctx)] = (ctx, screen, regexes)
    return screen, regexes


def document_hits(ctx: ContextPack, text: str) -> dict:
    """Every trigger match in the whole text, found once per document (one RE2 pass per
    trigger list) and then sliced per sentence."""
    screen, regexes = _trigger_screen(ctx)
    hits = screen.matching(text) if len(text) <= SCREEN_MAX_TEXT else None

    def all_of(regex):
        if regex is None:
            return []
        if hits is not None and regexes.index(regex) not in hits:
            return []  # the set pass saw no match anywhere
        return list(find_all(regex, text))

    return {
        "triggers": {name: (all_of(ts.forward), all_of(ts.backward))
                     for name, ts in ctx.triggers.items()},
        "pseudo": all_of(ctx.pseudo),
        "terminators": all_of(ctx.terminators),
        "question_openers": all_of(ctx.question_openers),
        "refutation_followers": all_of(ctx.refutation_followers),
    }


def _within(spans: list, lo: int, hi: int) -> list:
    if not spans:  # most trigger lists find nothing on a page
        return spans
    i = bisect.bisect_left(spans, (lo, -1))
    out = []
    while i < len(spans) and spans[i][0] < hi:
        if spans[i][1] <= hi:
            out.append(spans[i])
        i += 1
    return out


def _hits(ctx: ContextPack, text: str, sent: Sentence, cache: dict | None) -> _SentenceHits:
    key = (sent.start, sent.end)
    if cache is not None and key in cache:
        return cache[key]
    doc = cache.get("__doc__") if cache is not None else None
    if doc is None:
        doc = document_hits(ctx, text)
        if cache is not None:
            cache["__doc__"] = doc
    lo, hi = sent.start, sent.end
    hits = _SentenceHits(
        {name: (_within(f, lo, hi), _within(b, lo, hi))
         for name, (f, b) in doc["triggers"].items()},
        _within(doc["pseudo"], lo, hi),
        _within(doc["terminators"], lo, hi),
    )
    if cache is not None:
        cache[key] = hits
    return hits


def _clause_bounds(text: str, sent: Sentence, cs: int, ce: int, terminators: list):
    """The clause around [cs, ce): cut at terminators and clause punctuation."""
    # a colon introduces what the words before it govern, so only ';' and a line end
    # close the clause on the left
    left = max(text.rfind(";", sent.start, cs), text.rfind("\n", sent.start, cs)) + 1
    left = max(left, sent.start)
    right = sent.end
    for ch in ";:\n":
        i = text.find(ch, ce, right)
        if i >= 0:
            right = i
    for s, e in terminators:
        if left <= s and e <= cs:
            left = max(left, e)
        elif ce <= s and e <= right:
            right = min(right, s)
    return left, right


def opens_question(text: str, sent: Sentence, cs: int, ce: int) -> bool:
    """The question opens with the words of [cs, ce), as Portuguese and Spanish ask yes/no
    questions without an opener word ("Exossomos são aprovados pela Anvisa?")."""
    return sent.is_question and ce - sent.start <= 60 and _only_label(text[sent.start:cs])


def _only_label(prefix: str) -> bool:
    """Nothing but bullets, quotes or a short label before a question's opener: "Q: Do
    you offer...", "Pregunta: ¿Es...", "3) Is it..." (FAQ pages label their questions)."""
    p = prefix.strip(" -*•\"'“(¿")
    if not p:
        return True
    for sep in ":.)":
        i = p.find(sep)
        if 0 < i <= 10 and " " not in p[:i] and not p[i + 1:].strip(" -*•\"'“(¿"):
            return True
    return False


def modifiers_for(ctx: ContextPack, text: str, sent: Sentence, cs: int, ce: int,
                  next_sentence: Sentence | None = None,
                  cache: dict | None = None) -> dict[str, str]:
    """Modifier name -> the trigger text that set it, for candidate [cs, ce)."""
    found: dict[str, str] = {}
    hits = _hits(ctx, text, sent, cache)
    left, right = _clause_bounds(text, sent, cs, ce, hits.terminators)

    def not_pseudo(s: int, e: int) -> bool:
        return not any(ps <= s and e <= pe for ps, pe in hits.pseudo)

    for name, ts in ctx.triggers.items():
        forward, backward = hits.triggers[name]
        lo = sent.start if name in ("attributed", "regulator-voice") else left
        for s, e in forward:
            if s >= lo and e <= cs and not_pseudo(s, e) and (
                    _token_count(text[e:cs]) <= ts.max_tokens):
                if name == "attributed" and _writers_own_before(text, lo, s):
                    continue  # "we claim" is the seller's own claim
                if name == "asked" and _names_writer(text[e:cs]):
                    continue  # "ask what our FDA-approved exosomes can do": the seller's claim
                found[name] = text[s:e]
        if name not in found:
            for s, e in backward:
                if s >= ce and e <= right and not_pseudo(s, e) and (
                        _token_count(text[ce:s]) <= ts.max_tokens):
                    found[name] = text[s:e]
                    break
    doc = cache.get("__doc__") if cache is not None else None
    if doc is None:
        doc = document_hits(ctx, text)
    if sent.is_question:
        head = text[sent.start:cs]
        for s, e in _within(doc["question_openers"], sent.start, cs):
            if _only_label(text[sent.start:s]) or _token_count(head) <= 3:
                found["asked"] = text[s:e]
                break
    if next_sentence is not None:
        head_end = min(next_sentence.end, next_sentence.start + 60)
        pseudo = _within(doc["pseudo"], next_sentence.start, head_end)
        for s, e in _within(doc["refutation_followers"], next_sentence.start, head_end):
            # "Keine Nebenwirkungen." after a story goes on with it; "Keine Belege." refutes
            if any(ps <= s and e <= pe for ps, pe in pseudo):
                continue
            if s - next_sentence.start <= 3:
                found["refuted"] = text[s:e]
                break
    return found
