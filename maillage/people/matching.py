"""Keys and scores for the duplicate check: accents, case, typos and swapped names.

Candidates come from indexed keys (a consonant skeleton of each name, the birth date), never
from a scan: the check must stay fast with 500,000 people.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from rapidfuzz import fuzz

_NOT_LETTER = re.compile(r"[^a-z ]+")
# What the same (or a different) birth date adds to (or takes from) the names' likeness.
BIRTH_BONUS, BIRTH_MALUS = 15, 25


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "Zoë-Ève" gives "zoe eve"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return " ".join(_NOT_LETTER.sub(" ", ascii_text).split())


def skeleton(name: str, length: int = 4) -> str:
    """The first letter and the next consonants, h dropped, doubles merged.

    "Khadija" and "Kadija" both give "kdj"; "Mohammed" and "Mohamed" give "mmd".
    """
    letters = normalise(name).replace(" ", "")
    if not letters:
        return ""
    out = letters[0]
    for char in letters[1:]:
        if char in "aeiouyh" or char == out[-1]:
            continue
        out += char
    return out[:length]


def full_name_key(first_name: str, last_name: str) -> str:
    """Order-free: "Marie Dupont" and "DUPONT Marie" share it."""
    return " ".join(sorted(normalise(f"{first_name} {last_name}").split()))


def score_keys(
    name_key: str,
    birth_date: date | None,
    other_key: str,
    other_birth: date | None,
    *,
    cutoff: int = 0,
) -> int:
    """0-100: how likely two persons are the same, from their `full_name_key`s (a stored
    person's is `Person.name_key`) and birth dates. With a
    `cutoff`, a score below it may be returned as 0 (rapidfuzz gives up early)."""
    adjust = _birth_adjust(birth_date, other_birth)
    needed = max(0, cutoff - adjust) if cutoff else 0
    names = fuzz.token_sort_ratio(name_key, other_key, score_cutoff=needed)
    if needed and not names:
        return 0
    return int(min(100, names + adjust))


def combined_score(names: float, birth_date: date | None, other_birth: date | None) -> int:
    """`score_keys` from the names' `token_sort_ratio`, computed elsewhere (in bulk)."""
    return int(min(100, names + _birth_adjust(birth_date, other_birth)))


def _birth_adjust(birth_date: date | None, other_birth: date | None) -> int:
    if birth_date and other_birth:
        return BIRTH_BONUS if birth_date == other_birth else -BIRTH_MALUS
    return 0
