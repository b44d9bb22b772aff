"""P1 writes: the writes of a worker's day, posted through their real forms on the server.

Each simulated user first opens the page of its form (untimed), as a browser does: the page
sets the CSRF cookie and holds the form, its CSRF token and its defaults. What is timed is the
POST alone, as the page sends it: the intervention's quick form and the roll's tap through HTMX
(as on a phone; the answer is the new row), the request and the registration as whole-page
forms (the answer is the redirect after the save, not followed: the page after it is a read).
A form's one-time token is drawn anew for each post, as a fresh page would give it.

The users never wait on one another's rows: each writes to its own follow-up, session roll and
activity where the data has enough of them. What the writes add is deleted at the end (the
interventions, the requests with their follow-ups, the activities with their registrations);
the audit entries stay, and the roll's taps leave the attendance they set."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.db.models.functions import Abs
from django.urls import reverse
from django.utils import timezone

from maillage.activities import services as activity_services
from maillage.activities.models import Activity, ActivityKind, Registration, RegistrationStatus
from maillage.activities.queries import findable_persons
from maillage.bench.context import Actor
from maillage.bench.load.forms import Form, forms_of
from maillage.bench.picks import Picks, member_of
from maillage.bench.traffic import Call, Maker, cookie_header, get_page
from maillage.casework.models import FollowUp, Intervention, Request, Status, Theme

# "Who was present" of every intervention this figure records: the clean-up finds them by it.
MARK = "banc d’essai P1"
ROLL_SIZE = 30  # "take attendance for 30 young people"
Sessions = Callable[[Actor], list[dict[str, str]]]


@dataclass
class Write:
    label: str
    makers: list[Maker]
    reset: Callable[[], None] = lambda: None  # before each measurement, untimed


@dataclass
class Writes:
    writes: list[Write] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (label, why)
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def cleanup(self) -> str:
        """Delete what the writes added; '' or what was left."""
        left = []
        for clean in self.cleanups:
            try:
                clean()
            except Exception as exc:  # a protected reference: say so, keep the figures
                left.append(f"{type(exc).__name__}: {exc}"[:120])
        return "; ".join(left)


def _post(
    url: str,
    fields: dict[str, str],
    cookies: dict[str, str],
    *,
    htmx: bool,
    ok: Callable[[int, Any, bytes], bool],
) -> Call:
    headers = {
        "Cookie": cookie_header(cookies),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    return Call("POST", url, headers, urlencode(fields).encode(), ok)


def _saved_and_redirected(status: int, _response: Any, _body: bytes) -> bool:
    return status == 302  # 200 would be the form shown again with its errors


def _form(html: str, url: str, match: Callable[[Form], bool]) -> Form:
    found = [f for f in forms_of(html) if f.method == "post" and match(f)]
    if not found:
        raise RuntimeError(f"no such form on {url}")
    return found[0]


def prepare(prepared: Writes, port: int, picks: Picks, users: int, sessions: Sessions) -> None:
    """The four writes, each with one maker per user, their forms fetched from the server; a
    write that cannot be prepared is listed in `prepared.missing` with the reason."""
    for label, build in [
        ("record an intervention (follow-up quick form, HTMX)", _intervention),
        (f"take attendance for {ROLL_SIZE} young people (a tap on the roll, HTMX)", _attendance),
        ("register a child (activities:registration_create)", _registration),
        ("record a request (casework:request_create)", _request),
    ]:
        try:
            write = build(port, picks, users, sessions, prepared)
        except LookupError as exc:  # nothing to write on in the data
            prepared.missing.append((label, str(exc)))
            continue
        except Exception as exc:  # a form not found, a page refused: the others go on
            prepared.missing.append((label, f"failed: {type(exc).__name__}: {exc}"[:200]))
            continue
        write.label = write.label or label
        prepared.writes.append(write)


def _intervention(
    port: int, picks: Picks, users: int, sessions: Sessions, prepared: Writes
) -> Write:
    worker = picks.worker
    if worker is None:
        raise LookupError("no worker with follow-ups in the data")
    followups = list(
        FollowUp.objects.filter(workers=worker.user, organisation=worker.organisation)
        .exclude(status=Status.CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)[: users + 1]
    )
    # The follow-up page measured above stays as it is, unless it is the only one.
    others = [pk for pk in followups if not picks.followup or pk != picks.followup.pk]
    followups = (others or followups)[:users]
    if not followups:
        raise LookupError("no open follow-up of the worker")

    def remove() -> None:
        Intervention.objects.filter(followup_id__in=followups, present=MARK).delete()

    prepared.cleanups.append(remove)
    makers: list[Maker] = []
    for n, cookies in enumerate(sessions(worker)):
        followup = followups[n % len(followups)]
        # The quick form is folded on the follow-up page and loaded from its own address.
        action = reverse("casework:intervention_create", args=[followup])
        page = action
        html, jar = get_page(port, page, cookies)
        form = _form(html, page, lambda f, action=action: f.action == action)  # type: ignore[misc]
        prefix = next(k for k in form.fields if k.endswith("-date")).removesuffix("date")

        def make(
            _n: int, form: Form = form, jar: dict[str, str] = jar, prefix: str = prefix
        ) -> Call:
            fields = form.fields | {
                f"{prefix}present": MARK,
                f"{prefix}notes": "Entretien du banc d’essai.",
                f"{prefix}form_token": str(uuid.uuid4()),
            }
            return _post(form.action, fields, jar, htmx=True, ok=_intervention_saved)

        makers.append(make)
    return Write("", makers)


def _intervention_saved(status: int, response: Any, _body: bytes) -> bool:
    # Through HTMX, a form with errors comes back retargeted onto the form.
    return status == 200 and response.getheader("HX-Retarget") is None


def _attendance(port: int, picks: Picks, users: int, sessions: Sessions, prepared: Writes) -> Write:
    """The activity whose roll is nearest 30 confirmed participants, among those with a past
    session (attendance is taken on the day, not before); one past session per user."""
    today = timezone.localdate()
    activity = (
        Activity.objects.exclude(kind=ActivityKind.SCHOOL_ANIMATION)
        .filter(sessions__date__lte=today)
        .annotate(
            n=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            )
        )
        .filter(n__gt=0)
        .annotate(gap=Abs(F("n") - ROLL_SIZE))
        .order_by("gap", "-n", "pk")
        .select_related("organisation")
        .first()
    )
    if activity is None:
        raise LookupError("no past session with participants in the data")
    staff = activity.staff.order_by("pk").first()
    actor = (
        Actor(staff, activity.organisation)
        if staff is not None
        else member_of(activity.organisation_id)
    )
    if actor is None:
        raise LookupError("no member of the team of the activity")
    chosen = list(
        activity.sessions.filter(date__lte=today)
        .order_by("-date", "pk")
        .values_list("pk", flat=True)[:users]
    )
    makers: list[Maker] = []
    roll = 0
    for n, cookies in enumerate(sessions(actor)):
        session = chosen[n % len(chosen)]
        page = reverse("activities:session", args=[session])
        prefix = reverse("activities:attendance_set", args=[session, 987654321]).split("987654321")[
            0
        ]
        html, jar = get_page(port, page, cookies)
        taps = [
            f
            for f in forms_of(html)
            if f.method == "post" and f.action.startswith(prefix) and "present" in f.fields
        ]
        if not taps:
            raise LookupError(f"no roll on {page}")
        roll = len(taps)

        def make(k: int, taps: list[Form] = taps, jar: dict[str, str] = jar) -> Call:
            # Down the roll, then up again with the other answer: each tap changes a row.
            tap = taps[k % len(taps)]
            present = "1" if (k // len(taps)) % 2 == 0 else "0"
            return _post(
                tap.action, tap.fields | {"present": present}, jar, htmx=True, ok=_tap_taken
            )

        makers.append(make)
    return Write(f"take attendance: a tap on a roll of {roll} young people (HTMX)", makers)


def _tap_taken(status: int, _response: Any, body: bytes) -> bool:
    return status == 200 and b"roll-error" not in body


def _registration(
    port: int, picks: Picks, users: int, sessions: Sessions, prepared: Writes
) -> Write:
    """Each user registers the organisation's young people, one after the other, on a workshop
    of its own (registrations on one activity queue on its row: P6 measures that); the
    workshops are emptied before each measurement and deleted at the end."""
    worker = picks.worker
    if worker is None:
        raise LookupError("no worker in the data")
    user = worker.bound()
    persons = list(findable_persons(user).order_by("pk").values_list("pk", flat=True)[:5000])
    if not persons:
        raise LookupError("no young person in the worker's organisation")
    today = timezone.localdate()
    activities = [
        activity_services.activity_create(
            actor=user,
            organisation=worker.organisation,
            staff=[user],
            kind=ActivityKind.WORKSHOP,
            title=f"Atelier banc d’essai P1 {n + 1}",
            starts_on=today,
            ends_on=today + timedelta(days=60),
            commune=worker.organisation.commune,
        )
        for n in range(users)
    ]
    ids = [a.pk for a in activities]

    def empty() -> None:
        Registration.objects.filter(activity_id__in=ids).delete()

    def remove() -> None:
        empty()
        for activity in activities:
            activity.staff.clear()
        Activity.objects.filter(pk__in=ids).delete()

    prepared.cleanups.append(remove)
    makers: list[Maker] = []
    for activity, cookies in zip(activities, sessions(worker), strict=True):
        url = reverse("activities:registration_create", args=[activity.pk])
        page = f"{url}?jeune={persons[0]}"
        html, jar = get_page(port, page, cookies)
        form = _form(html, page, lambda f: "person" in f.fields)

        def make(k: int, form: Form = form, jar: dict[str, str] = jar, url: str = url) -> Call:
            person = str(persons[k % len(persons)])
            return _post(
                url, form.fields | {"person": person}, jar, htmx=False, ok=_saved_and_redirected
            )

        makers.append(make)
    return Write("", makers, reset=empty)


def _request(port: int, picks: Picks, users: int, sessions: Sessions, prepared: Writes) -> Write:
    """A request for a young person the worker already follows, found by the search (the
    intake form's `?jeune=`), with its follow-up opened as the form proposes."""
    worker = picks.worker
    if worker is None:
        raise LookupError("no worker in the data")
    persons = list(
        FollowUp.objects.filter(
            workers=worker.user, organisation=worker.organisation, person__isnull=False
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[:100]
    )
    if not persons:
        raise LookupError("no young person followed by the worker")
    tokens: list[str] = []

    def remove() -> None:
        for start in range(0, len(tokens), 1000):
            chunk = tokens[start : start + 1000]
            FollowUp.objects.filter(request__form_token__in=chunk).delete()
            Request.objects.filter(form_token__in=chunk).delete()

    prepared.cleanups.append(remove)
    url = reverse("casework:request_create")
    theme = Theme.values[0]
    makers: list[Maker] = []
    for cookies in sessions(worker):
        page = f"{url}?jeune={persons[0]}"
        html, jar = get_page(port, page, cookies)
        form = _form(html, page, lambda f: "form_token" in f.fields)

        def make(k: int, form: Form = form, jar: dict[str, str] = jar) -> Call:
            token = str(uuid.uuid4())
            tokens.append(token)
            fields = form.fields | {
                "person": str(persons[k % len(persons)]),
                "themes": theme,
                "form_token": token,
            }
            return _post(url, fields, jar, htmx=False, ok=_saved_and_redirected)

        makers.append(make)
    return Write("", makers)
