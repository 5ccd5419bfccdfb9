"""Word error rate: how far a transcript is from what was said, in words.

Used by the tests and benchmarks to judge transcription; words are compared
case-folded, without punctuation, with digits and words for numbers as written.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9']+")
# The same words written short or long count as the same (Whisper writes "I'm").
_CONTRACTIONS = {
    "i'm": "i am", "i've": "i have", "i'll": "i will", "i'd": "i would", "it's": "it is",
    "that's": "that is", "there's": "there is", "we're": "we are", "you're": "you are",
    "they're": "they are", "don't": "do not", "didn't": "did not", "doesn't": "does not",
    "can't": "can not", "cannot": "can not", "won't": "will not", "wasn't": "was not",
    "isn't": "is not", "couldn't": "could not", "let's": "let us",
}


def words(text: str) -> list[str]:
    """The words of ``text``: case-folded, punctuation dropped, contractions spelled out."""
    found = []
    for word in _WORD.findall(text.casefold().replace("\u2019", "'")):
        word = word.strip("'")
        if word:
            found.extend(_CONTRACTIONS.get(word, word).split())
    return found


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / words in ``reference``.

    The Levenshtein distance over words, by dynamic programming. An empty
    reference gives 0.0 for an empty hypothesis, else 1.0 per inserted word.
    """
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return float(len(hyp))
    previous = list(range(len(hyp) + 1))
    for i, said in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, heard in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1,  # a word said and not heard
                             current[j - 1] + 1,  # a word heard and not said
                             previous[j - 1] + (said != heard))
        previous = current
    return previous[-1] / len(ref)
