"""Roles and what each may do: the declarative permission table every view relies on."""

from __future__ import annotations

from enum import StrEnum, nonmember

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_WORKER = "field_worker", _("Field worker")
    COORDINATOR = "coordinator", _("Coordinator")
    DIRECTOR = "director", _("Director")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    DPO = "dpo", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    STATS_VIEWER = "stats_viewer", _("Statistics viewer")


# Roles that see that confidential work exists without reading it (break the glass to open).
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.DIRECTOR})


class Perm(StrEnum):
    # Templates read `Perm.VIEW_TEAM`; without this they would call the class.
    do_not_call_in_templates = nonmember(True)

    VIEW_TEAM = "core.view_team"
    MANAGE_MEMBERS = "core.manage_members"
    MANAGE_ORGANISATION = "core.manage_organisation"
    VIEW_AUDIT = "core.view_audit"
    VIEW_STATISTICS = "core.view_statistics"
    WORK_WITH_YOUNG_PEOPLE = "core.work_with_young_people"
    # Subject-access exports, erasure and retention: the data-protection officer's tools.
    HANDLE_DATA_REQUESTS = "core.handle_data_requests"
    # The network's shared records: the organisation's entries in the social offer, its
    # placements and agreements, platforms and trainings it runs.
    MANAGE_NETWORK = "core.manage_network"


_STAFF = {Perm.VIEW_TEAM, Perm.VIEW_STATISTICS}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.FIELD_WORKER: frozenset(_STAFF | {Perm.WORK_WITH_YOUNG_PEOPLE}),
    Role.COORDINATOR: frozenset(_STAFF | {Perm.WORK_WITH_YOUNG_PEOPLE, Perm.MANAGE_NETWORK}),
    Role.DIRECTOR: frozenset(
        _STAFF
        | {
            Perm.WORK_WITH_YOUNG_PEOPLE,
            Perm.MANAGE_ORGANISATION,
            Perm.HANDLE_DATA_REQUESTS,
            Perm.MANAGE_NETWORK,
        }
    ),
    Role.PROGRAMME_COORDINATOR: frozenset(_STAFF | {Perm.MANAGE_NETWORK}),
    Role.DPO: frozenset(_STAFF | {Perm.VIEW_AUDIT, Perm.HANDLE_DATA_REQUESTS}),
    Role.ADMINISTRATOR: frozenset(
        _STAFF | {Perm.MANAGE_MEMBERS, Perm.MANAGE_ORGANISATION, Perm.MANAGE_NETWORK}
    ),
    # Aldermen and funders: anonymised figures only, never the team or a person.
    Role.STATS_VIEWER: frozenset({Perm.VIEW_STATISTICS}),
}


def permissions_for(roles: set[str] | frozenset[str]) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)
