"""Whose data a report or a dashboard counts: a programme's organisations, or one."""

from __future__ import annotations

from maillage.core.models import Organisation
from maillage.programmes.indicators import Scope
from maillage.programmes.models import FundedProject, Programme


def scope_of_programme(programme: Programme) -> Scope:
    """The coordinating organisation and the organisations of its funded projects (one
    query). Funders are not in it: they pay, their own work is not the programme's."""
    funded = FundedProject.objects.filter(programme=programme).values_list(
        "organisation_id", flat=True
    )
    return Scope(tuple(sorted({programme.organisation_id, *funded})))


def scope_of_organisation(organisation: Organisation) -> Scope:
    return Scope((organisation.pk,))
