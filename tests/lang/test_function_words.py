"""lang._scores counts function words exactly as a plain per-word count over _WORD runs."""

import random

from regenwatch import lang


def _reference(sample: str) -> dict[str, int]:
    words = [w.lower() for w in lang._WORD.findall(sample)]
    return {code: sum(w in set(fw) for w in words) for code, fw in lang._FUNCTION_WORDS.items()}


def test_scores_match_reference_on_tricky_text():
    samples = [
        "The clinic, and the (doctor) said: \"it is not\" for you.",
        "El día de la cita... ¿Es para usted? ¡Sí! «o não» é também",
        "Die Ärzte sind—nicht für dich—und_wir 2das 3 der² İs ſie",
        "il  lo\tla\ngli... le/di*del 'che' e è sono per con una un non nostro",
        "THE And oF to-is are_our your4for with…this “that” you we it",
        "",
        "   ",
    ]
    rng = random.Random(7)
    alphabet = list("the and de la o a é ç ñ İ ſ _ 1 ² . , ! ? - ( ) « » “ ” \n\t") + ["\u0307"]
    for _ in range(300):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))
    for s in samples:
        assert lang._scores(s) == _reference(s), s
        assert list(lang._scores(s)) == list(lang._FUNCTION_WORDS)


def test_short_posts_with_clear_function_words_skip_the_model(monkeypatch):
    """A post of a sentence or two is decided by its function words when they leave no
    doubt (the model is slow and, on such posts, less reliable)."""
    def no_model():
        raise AssertionError("the language model was consulted")

    monkeypatch.setattr(lang, "_detector", no_model)
    assert lang.detect_language("Your nose is the shortcut to your brain.") == "en"
    assert lang.detect_language("Our clinic is not able to offer this to you.") == "en"
    assert lang.detect_language("Nuestra clínica ofrece el tratamiento para usted y su "
                                "familia con los mejores médicos.") == "es"


def test_unclear_posts_still_ask_the_model(monkeypatch):
    called = []

    class Model:
        def compute_language_confidence_values(self, sample):
            called.append(sample)
            return []

    monkeypatch.setattr(lang, "_detector", lambda: Model())
    lang.detect_language("Exosomas IV para párkinson. Agenda ya, cupos limitados hoy.")
    assert called
