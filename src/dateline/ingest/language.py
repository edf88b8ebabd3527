"""Language identification with py3langid (normalised probabilities as confidence)."""

from __future__ import annotations

import functools
import re
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Identification is as good on the first 10,000 characters as on a whole long article.
SAMPLE_CHARS = 10_000
_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


@functools.cache
def _identifier() -> Any:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_chars: int = 20) -> tuple[str | None, float | None]:
    """ISO 639-1 code and confidence in [0, 1]; (None, None) when there are too few letters."""
    sample = text[:SAMPLE_CHARS]
    if not has_letters(sample, min_chars):
        return None, None
    code, probability = _identifier().classify(sample)
    return str(code), round(float(probability), 4)


def has_letters(text: str, at_least: int) -> bool:
    """Whether ``text`` holds ``at_least`` letters (stops counting there)."""
    if at_least <= 0:
        return True
    for char in text:
        if char.isalpha():
            at_least -= 1
            if at_least == 0:
                return True
    return False


def normalise_language_code(value: str | None) -> str | None:
    """A language tag from metadata as a bare lowercase code ("en-US" -> "en"), else None."""
    if not value:
        return None
    match = _CODE.match(value.strip().lower())
    return match[1] if match else None
