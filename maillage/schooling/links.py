"""The schooling area's links on the person page and the follow-up page (`core.links`): a
young person's school or work situation is recorded where the worker already is."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.casework.models import FollowUp
from maillage.core.links import Link, register_link
from maillage.core.roles import Perm
from maillage.people.models import Person


def _works(request: HttpRequest) -> bool:
    org = getattr(request, "org", None)
    return org is not None and org.has(Perm.WORK_WITH_YOUNG_PEOPLE)


def person_situation(request: HttpRequest, person: Person) -> Link | None:
    if not _works(request):
        return None
    url = reverse("schooling:status_timeline", args=[person.pk])
    return Link(url, _("School or work situation"))


def followup_situation(request: HttpRequest, followup: FollowUp) -> Link | None:
    if not _works(request) or followup.person_id is None:
        return None
    url = reverse("schooling:status_create", args=[followup.person_id])
    return Link(f"{url}?suivi={followup.pk}", _("Record the school or work situation"))


def register() -> None:
    register_link("people.person", person_situation)
    register_link("casework.followup", followup_situation)
