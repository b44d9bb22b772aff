"""What identifies someone in the public seed texts (../shared/seeds), kept as SHA-256 digests
so the test of the demo data needs neither the texts beside the checkout nor the identities
in clear in the repository.

Regenerate after the seeds change: `uv run python -m tests.demo.seed_identities [SEEDS_DIR]`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DIGESTS = Path(__file__).with_name("seed_identities.json")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d{1,3}[/ .]?\d{2}[ .]?\d{2}[ .]?\d{2,3}\b")
# Capitalised word pairs (people and organisation names).
NAME = re.compile(r"\b[A-ZÉ][a-zéèëï]+ (?:[A-Z][a-z]+ )?[A-ZÉ][a-zéèëï]+\b")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def identities(text: str) -> dict[str, set[str]]:
    """The e-mails (lower case), phone numbers (digits, 9 or more) and names in `text`."""
    return {
        "emails": {e.lower() for e in EMAIL.findall(text)},
        "phones": {p for p in (re.sub(r"\D", "", m) for m in PHONE.findall(text)) if len(p) >= 9},
        "names": set(NAME.findall(text)),
    }


def seed_digests(seeds: Path) -> dict[str, list[str]]:
    text = "\n".join(p.read_text() for p in sorted(seeds.glob("*.txt")))
    return {kind: sorted(digest(v) for v in values) for kind, values in identities(text).items()}


if __name__ == "__main__":
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    DIGESTS.write_text(json.dumps(seed_digests(seeds), indent=1) + "\n")
    print(f"wrote {DIGESTS}")
