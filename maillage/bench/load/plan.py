"""What the simulated users do, prepared in the Django process: the personas' members, one
signed-in session per simulated user (as after the login form: sector members have no usable
password), and the URLs of their pages. Written to a JSON file that the locust process reads:
locust does not load Django."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from maillage.activities.models import Session
from maillage.bench.context import Actor
from maillage.bench.picks import member_of, pick
from maillage.core.roles import Role

PLACEHOLDER = 987654321


def _prefix(name: str, *args: int) -> str:
    """The part of a URL before its last argument (the one a page's forms vary)."""
    return reverse(name, args=[*args, PLACEHOLDER]).split(str(PLACEHOLDER))[0]


def _cookies(actor: Actor, count: int) -> list[dict[str, str]]:
    # A session per simulated user: two users never share one, as two browsers do not.
    return [Actor(actor.user, actor.organisation).session_cookie() for _ in range(count)]


def field_worker(users: int) -> dict[str, Any]:
    picks = pick()
    worker, followup = picks.worker, picks.followup
    if worker is None or followup is None:
        raise RuntimeError("no field worker with a follow-up in the data: seed it first")
    page = reverse("casework:followup", args=[followup.pk])
    # The quick form is folded on the follow-up page and loaded when opened, from its own
    # address (which, without JavaScript, is its page).
    form_page = reverse("casework:intervention_create", args=[followup.pk])
    return {
        "member": f"{worker.user} ({worker.organisation})",
        "cookies": _cookies(worker, users),
        "pages": {
            "home": reverse("core:home"),
            "caseload": reverse("casework:caseload"),
            "follow-up": page,
            "person search": f"{reverse('people:person_list')}?q={picks.search_text}",
            "social-offer search": f"{reverse('directory:service_list')}?q={picks.service_text}",
            "intervention form": form_page,
        },
        "intervention": {"page": form_page, "action": form_page},
    }


def coordinator(users: int) -> dict[str, Any]:
    """The coordinator of the team whose past session has the most registered participants:
    the roll they mark is the longest."""
    session = (
        Session.objects.filter(date__lte=timezone.localdate())
        .annotate(n=Count("activity__registrations"))
        .filter(n__gt=0)
        .select_related("activity")
        .order_by("-n", "-date", "pk")
        .first()
    )
    if session is None:
        raise RuntimeError("no past session with participants in the data: seed it first")
    actor = member_of(session.activity.organisation_id, [Role.COORDINATOR, Role.DIRECTOR])
    if actor is None:
        raise RuntimeError("no coordinator in the team of the busiest session")
    page = reverse("activities:session", args=[session.pk])
    return {
        "member": f"{actor.user} ({actor.organisation})",
        "cookies": _cookies(actor, users),
        "pages": {
            "home": reverse("core:home"),
            "signal inbox": reverse("schooling:signal_list"),
            "activity roster": reverse("activities:activity", args=[session.activity_id]),
            "session": page,
            "person search, broad": f"{reverse('people:person_list')}?q=a",
        },
        "attendance": {
            "page": page,
            "action": _prefix("activities:attendance_set", session.pk),
        },
        "headcount": {
            "page": page,
            "action": reverse("activities:session_headcount", args=[session.pk]),
        },
    }


def write_plan(path: Path, users: int) -> dict[str, Any]:
    plan = {"field worker": field_worker(users), "coordinator": coordinator(users)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan, indent=1), encoding="utf-8")
    return plan
