"""The demo logins, listed in the README and printed by `maillage demo`."""

from __future__ import annotations

from dataclasses import dataclass

from maillage.core.roles import Role

DEMO_PASSWORD = "Maillage-demo-2026"  # noqa: S105  (synthetic demo accounts only)
# A fixed TOTP secret so the demo and the browser tests can show the MFA step.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]  # (organisation slug, role)
    totp: bool = False


AMO = "amo-les-passerelles"
NETWORK = "reseau-rue-et-quartiers"
COHESION = "coordination-cohesion-sociale"
DROPOUT = "projet-accroche"

DEMO_ACCOUNTS = [
    DemoAccount("terrain@maillage.example", "Inès", "Terrain", ((AMO, Role.FIELD_WORKER),)),
    DemoAccount(
        "coordination@maillage.example",
        "Yanis",
        "Coordination",
        ((AMO, Role.COORDINATOR), (NETWORK, Role.FIELD_WORKER)),
    ),
    DemoAccount(
        "direction@maillage.example", "Claire", "Direction", ((AMO, Role.DIRECTOR),), totp=True
    ),
    DemoAccount(
        "programme@maillage.example",
        "Samir",
        "Programme",
        ((COHESION, Role.PROGRAMME_COORDINATOR),),
    ),
    DemoAccount("dpo@maillage.example", "Léa", "Protection", ((AMO, Role.DPO),)),
    DemoAccount(
        "admin@maillage.example",
        "Marc",
        "Administration",
        ((AMO, Role.ADMINISTRATOR), (DROPOUT, Role.ADMINISTRATOR)),
    ),
    DemoAccount(
        "stats@maillage.example", "Nadia", "Statistiques", ((COHESION, Role.STATS_VIEWER),)
    ),
    DemoAccount("accroche@maillage.example", "Sofia", "Accroche", ((DROPOUT, Role.COORDINATOR),)),
]
