import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.utils import timezone

from maillage.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Registration,
    RegistrationStatus,
    SchoolHoliday,
    Session,
)
from maillage.activities.rules import age_in_range, within_school_holidays
from maillage.concertation.models import ConferenceRegistration, Member, Platform
from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Role
from maillage.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from maillage.demo.api import DEMO_API_TOKEN
from maillage.demo.generator import PARTNER_KINDS, generate
from maillage.demo.holidays import easter, fwb_holidays
from maillage.directory.models import Service
from maillage.network.models import Placement
from maillage.people.models import Person
from tests.demo import seed_identities
from tests.demo.seed_identities import SEEDS


class _Undo(Exception):
    pass


def _generate_then_undo(**options):
    """Generate, look, then roll everything back (the audit log it wrote cannot be deleted)."""
    try:
        with transaction.atomic():
            result = generate(**options)
            seen = _snapshot()
            raise _Undo
    except _Undo:
        pass
    return result, seen


def _snapshot():
    return (
        sorted(User.objects.values_list("email", "first_name", "last_name")),
        sorted(Organisation.objects.values_list("name", "kind", "commune__name")),
        sorted(Activity.objects.values_list("kind", "title", "starts_on", "places", "is_public")),
        sorted(
            Registration.objects.values_list(
                "activity__title",
                "activity__starts_on",
                "person__first_name",
                "person__last_name",
                "status",
                "amount_due",
                "payment_status",
            )
        ),
    )


def test_same_seed_gives_the_same_network(db):
    _result, first = _generate_then_undo(scale=0.2, seed=7)
    generate(scale=0.2, seed=7)
    assert _snapshot() == first
    assert first[2] and first[3]  # the collective axis is part of it


def test_scale_sets_the_size_of_the_network(db):
    small, _seen = _generate_then_undo(scale=0.2, with_logins=False)
    assert small.created
    large = generate(scale=2, with_logins=False)
    assert large.organisations > small.organisations * 3
    assert Membership.objects.filter(role=Role.FIELD_WORKER).count() > 60


def test_demo_network_mirrors_the_seeds(db):
    generate(scale=1)
    network = Organisation.objects.get(slug="reseau-rue-et-quartiers")
    street_workers = Membership.objects.filter(organisation=network, role=Role.FIELD_WORKER)
    assert 24 <= street_workers.count() <= 26
    partner_communes = (
        Organisation.objects.filter(kind__in=PARTNER_KINDS)
        .exclude(
            slug__in=["amo-les-passerelles", "projet-accroche", "coordination-cohesion-sociale"]
        )
        .order_by()
        .values("commune")
        .distinct()
    )
    assert partner_communes.count() >= 10
    assert Organisation.objects.filter(commune__name="Molenbeek-Saint-Jean").count() >= 20
    assert Organisation.objects.filter(kind="school").count() >= 2
    assert Organisation.objects.filter(kind="cpms").exists()


def test_every_demo_login_signs_in_with_the_published_password(db):
    generate(scale=0.1)
    for account in DEMO_ACCOUNTS:
        client = Client()
        assert client.login(email=account.email, password=DEMO_PASSWORD), account.email
    roles = set(
        Membership.objects.filter(user__email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == {r.value for r in Role}
    # The published API token reads the AMO's registrations, like the published password.
    api = Client().get(
        "/api/v1/registrations", headers={"Authorization": f"Bearer {DEMO_API_TOKEN}"}
    )
    assert api.status_code == 200 and api.json()["count"] > 0


def test_generating_twice_changes_nothing(db):
    generate(scale=0.1)
    before = User.objects.count()
    assert generate(scale=0.1).created is False
    assert User.objects.count() == before


def test_demo_command_prints_logins_and_does_not_regenerate(db, capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    assert "Réseau de démonstration créé" in first
    assert DEMO_PASSWORD in first and "direction@maillage.example" in first
    call_command("demo", "--no-serve")
    assert "déjà présent" in capsys.readouterr().out


def test_the_seed_digests_match_the_seeds_when_they_are_beside_the_checkout():
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}: the committed digests are used as they are")
    committed = json.loads(seed_identities.DIGESTS.read_text())
    assert committed == seed_identities.seed_digests(SEEDS), (
        "the seeds changed: run `uv run python -m tests.demo.seed_identities`"
    )


def _demo_texts() -> list[str]:
    """Every text of the demo that could carry a name, a phone number or an e-mail."""
    rows: list[str] = []
    rows += [f"{u.first_name} {u.last_name}\n{u.email}" for u in User.objects.all()]
    rows += [f"{p.first_name} {p.last_name}\n{p.phone}\n{p.email}" for p in Person.objects.all()]
    # Young people and what their parents told us at registration are invented too.
    rows += [
        "\n".join((r.guardian_name, r.guardian_email, r.guardian_phone, r.emergency_contact))
        for r in Registration.objects.all()
    ]
    rows += [f"{o.name}\n{o.phone}\n{o.email}" for o in Organisation.objects.all()]
    rows += [f"{a.title}\n{a.place}\n{a.school}" for a in Activity.objects.all()]
    rows += [f"{s.name}\n{s.phone}\n{s.email}" for s in Service.objects.all()]
    rows += [
        f"{p.host_name}\n{p.coordinator_name}\n{p.coordinator_contact}"
        for p in Placement.objects.all()
    ]
    rows += [f"{m.name}\n{m.email}\n{m.organisation_name}" for m in Member.objects.all()]
    rows += [
        f"{r.name}\n{r.email}\n{r.organisation_name}" for r in ConferenceRegistration.objects.all()
    ]
    rows += [p.name for p in Platform.objects.all()]
    return rows


def test_no_name_phone_or_email_from_the_seeds_appears_in_demo_data(db):
    seeds = {k: set(v) for k, v in json.loads(seed_identities.DIGESTS.read_text()).items()}
    assert all(seeds.values())
    generate(scale=1)
    texts = _demo_texts()
    assert Registration.objects.exists() and Service.objects.exists() and Member.objects.exists()
    found = seed_identities.identities("\n".join(texts))
    # A whole field is a candidate too (a name the pattern would not split out).
    found["names"] |= {line for text in texts for line in text.splitlines() if line}
    digits = re.sub(r"\D", "", "\n".join(texts))
    found["phones"] |= {digits[i : i + n] for n in (9, 10) for i in range(len(digits) - n + 1)}
    leaks = {
        kind: [v for v in values if seed_identities.digest(v) in seeds[kind]]
        for kind, values in found.items()
    }
    assert leaks == {"emails": [], "phones": [], "names": []}


# --- The collective axis -------------------------------------------------------------------


def test_school_holidays_follow_the_reformed_fwb_calendar():
    assert easter(2025) == date(2025, 4, 20) and easter(2026) == date(2026, 4, 5)
    # 2024-2025 as published: weekends around each period included.
    assert [(start, end) for _name, start, end in fwb_holidays(2024)] == [
        (date(2024, 10, 21), date(2024, 11, 3)),
        (date(2024, 12, 23), date(2025, 1, 5)),
        (date(2025, 3, 3), date(2025, 3, 16)),
        (date(2025, 4, 28), date(2025, 5, 11)),
        (date(2025, 7, 5), date(2025, 8, 24)),
    ]
    names = [name for name, _start, _end in fwb_holidays(2025)]
    assert names[0] == "Congé d'automne 2025" and names[-1] == "Vacances d'été 2026"


def test_demo_records_the_holidays_once_and_keeps_those_an_administrator_entered(db):
    today = timezone.localdate()
    corrected = SchoolHoliday.objects.create(
        name="Vacances d'hiver (corrigées)",
        starts_on=date(today.year, 12, 20),
        ends_on=date(today.year + 1, 1, 4),
    )
    generate(scale=0.1, with_logins=False)
    holidays = list(SchoolHoliday.objects.all())
    # They cover the demo's dates: a year of camps back, the coming months ahead.
    assert min(h.starts_on for h in holidays) <= today - timedelta(days=365)
    assert max(h.ends_on for h in holidays) >= today + timedelta(days=200)
    overlapping = [
        h
        for h in holidays
        if h.pk != corrected.pk
        and h.starts_on <= corrected.ends_on
        and corrected.starts_on <= h.ends_on
    ]
    assert overlapping == []
    # Every camp of the demo passed the rule: inside a recorded holiday.
    camps = Activity.objects.filter(kind=ActivityKind.CAMP)
    assert camps.exists()
    assert all(within_school_holidays(c.starts_on, c.ends_on) for c in camps)


@pytest.fixture
def demo(db):
    generate(scale=0.1)


def test_one_full_camp_has_a_waiting_list_in_order(demo):
    full = Activity.objects.annotate(
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
    ).filter(waiting__gt=0)
    [camp] = full
    assert camp.kind == ActivityKind.CAMP and camp.starts_on > timezone.localdate()
    assert (camp.places, camp.confirmed, camp.waiting) == (12, 12, 3)
    assert camp.is_public and camp.registration_open
    waiting = camp.registrations.filter(status=RegistrationStatus.WAITING)
    assert all(r.waiting_since and not r.confirmed_at for r in waiting)
    # Elsewhere, never more confirmed than places.
    over = Activity.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed"))
    ).filter(places__isnull=False, confirmed__gt=F("places"))
    assert not over.exists()


def test_attendance_is_recorded_for_past_sessions_of_confirmed_children_only(demo):
    today = timezone.localdate()
    attendance = Attendance.objects.all()
    assert attendance.count() > 100
    assert not attendance.filter(session__date__gte=today).exists()
    assert not attendance.exclude(registration__status=RegistrationStatus.CONFIRMED).exists()
    assert not attendance.exclude(registration__activity=F("session__activity")).exists()
    present = attendance.filter(present=True).count()
    assert 0.6 < present / attendance.count() < 0.98  # most children come, not all
    # School animations and past events count heads, not names.
    assert Session.objects.filter(
        activity__kind=ActivityKind.SCHOOL_ANIMATION, date__lt=today, headcount__gt=0
    ).exists()
    assert not Registration.objects.filter(activity__kind=ActivityKind.SCHOOL_ANIMATION).exists()


def test_demo_field_worker_has_a_session_today_to_take_attendance(demo):
    today = timezone.localdate()
    session = Session.objects.get(date=today, activity__staff__email="terrain@maillage.example")
    assert session.activity.kind == ActivityKind.WORKSHOP
    assert session.activity.registrations.filter(status="confirmed").exists()
    client = Client()
    client.login(email="terrain@maillage.example", password=DEMO_PASSWORD)
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    assert session.activity.title in response.content.decode()


def test_registrations_mix_prices_payments_and_ways_of_registering(demo):
    registrations = Registration.objects.select_related("activity", "person", "price_tier")
    assert {r.payment_status for r in registrations} == {"due", "paid", "waived"}
    assert {r.source for r in registrations} == {"online", "worker"}
    labels = set(registrations.values_list("price_tier__label", flat=True))
    assert {"Plein tarif", "Tarif réduit"} <= labels
    online = [r for r in registrations if r.source == "online"]
    assert all(r.guardian_name and r.guardian_email and r.parental_authorisation for r in online)
    assert any(r.sibling_reduction for r in online)
    for r in registrations:
        assert r.person.organisation_id == r.activity.organisation_id
        assert age_in_range(r.activity, r.person.birth_date)
        if r.sibling_reduction:
            expected = r.price_tier.amount * (100 - r.activity.sibling_reduction) / 100
            assert r.amount_due == expected.quantize(r.amount_due)
        else:
            assert r.amount_due == r.price_tier.amount
    public = Activity.objects.filter(is_public=True, registration_open=True)
    assert public.filter(ends_on__gte=timezone.localdate()).exists()
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert kinds == {k.value for k in ActivityKind}
    assert Activity.objects.values("commune").distinct().count() >= 4
