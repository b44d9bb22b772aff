"""The 19 communes of Brussels-Capital, seeded as data (other communes are added as needed).

Keyed on the commune, not the postcode: a postcode can span two communes.
"""

from __future__ import annotations

from typing import Any

BRUSSELS_COMMUNES = [
    ("Anderlecht", "1070"),
    ("Auderghem", "1160"),
    ("Berchem-Sainte-Agathe", "1082"),
    ("Bruxelles", "1000 1020 1120 1130"),
    ("Etterbeek", "1040"),
    ("Evere", "1140"),
    ("Forest", "1190"),
    ("Ganshoren", "1083"),
    ("Ixelles", "1050"),
    ("Jette", "1090"),
    ("Koekelberg", "1081"),
    ("Molenbeek-Saint-Jean", "1080"),
    ("Saint-Gilles", "1060"),
    ("Saint-Josse-ten-Noode", "1210"),
    ("Schaerbeek", "1030"),
    ("Uccle", "1180"),
    ("Watermael-Boitsfort", "1170"),
    ("Woluwe-Saint-Lambert", "1200"),
    ("Woluwe-Saint-Pierre", "1150"),
]


def ensure_brussels_communes(commune_model: Any) -> None:
    """Create the missing Brussels communes; takes the model so migrations can pass theirs."""
    existing = set(commune_model.objects.values_list("name", flat=True))
    commune_model.objects.bulk_create(
        [
            commune_model(name=name, region="brussels", postcodes=postcodes)
            for name, postcodes in BRUSSELS_COMMUNES
            if name not in existing
        ]
    )
