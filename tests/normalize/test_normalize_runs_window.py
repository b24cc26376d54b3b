"""obfuscation_runs tokenises only the stretch its edits can reach; the runs are the same as
when the whole text is tokenised."""

from __future__ import annotations

import random

from regenwatch.normalize import normalize, obfuscation_runs, runs

_PIECES = ["appr", "oved", "\u0430", "\u0435", "s\u0430fe", " ", "  ", "\n", "\t", "-", ".",
           "\u200b", "\u00ad", "exosome", "cure", "a p p r o v e d", "F.D.A.", "appr0ved",
           "cur3s", "\u3000", "\u00a0", "appr\u00f3ved", "plain", "words", "(", ")", "\"",
           "\U0001d41a", "\uff21"]


def test_windowed_runs_equal_whole_text_runs(monkeypatch):
    rng = random.Random(13)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
             for _ in range(3000)]
    windowed = [obfuscation_runs(normalize(t)) for t in texts]
    monkeypatch.setattr(runs, "_window", lambda text, first, stop: (0, len(text)))
    whole = [obfuscation_runs(normalize(t)) for t in texts]
    assert windowed == whole
    assert sum(map(len, whole)) > 100  # the texts do have runs
