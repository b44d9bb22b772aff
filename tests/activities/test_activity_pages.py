"""The team's activity pages: the list and its filters, the form, the activity's page with
its sessions, prices and roster, and the actions posted from it."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.activities import services
from maillage.activities.models import (
    Activity,
    ActivityKind,
    PriceTier,
    RegistrationStatus,
    SchoolHoliday,
    Session,
)
from maillage.core.roles import Role
from tests.activities.conftest import acting, today

pytestmark = pytest.mark.django_db

LIST = reverse("activities:activity_list")
CREATE = reverse("activities:activity_create")


def page_url(activity: Activity) -> str:
    return reverse("activities:activity", kwargs={"pk": activity.pk})


def register(member, activity, person):
    return services.registration_create(
        actor=acting(member, activity.organisation, Role.FIELD_WORKER),
        activity=activity,
        person=person,
        price_tier=activity.price_tiers.first(),
    )


@pytest.fixture
def full_camp(camp, registration, make_child, member):
    """Nora and Zoé confirmed in the two places, Yanis then Léa waiting."""
    register(member, camp, make_child("Zoé", "Albert"))
    for first, last in (("Yanis", "Bertrand"), ("Léa", "Collin")):
        assert register(member, camp, make_child(first, last)).status == "waiting"
    return camp


# The list


def test_list_shows_the_organisation_activities_with_their_counts(
    login, member, full_camp, make_activity, org_b, outside_worker
):
    make_activity(title="Atelier de Beta", organisation=org_b, staff=[])
    response = login(member).get(LIST)
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [a.title for a in rows] == ["Stage nature"]
    assert (rows[0].confirmed_count, rows[0].waiting_count) == (2, 2)
    html = response.content.decode()
    assert page_url(full_camp) in html
    assert "2 / 2" in html
    assert "Atelier de Beta" not in html
    assert reverse("activities:activity_create") in html


def test_list_filters_by_period_kind_and_text(login, member, make_activity):
    make_activity(title="Atelier djembé")
    make_activity(title="Fête de quartier", kind=ActivityKind.EVENT)
    make_activity(title="Ancien atelier", starts_on=today() - timedelta(days=30))
    client = login(member)

    def titles(**params):
        return sorted(a.title for a in client.get(LIST, params).context["page"])

    # Upcoming and ongoing by default: the one over for three weeks is left out.
    assert titles() == ["Atelier djembé", "Fête de quartier"]
    assert titles(period="past") == ["Ancien atelier"]
    assert len(titles(period="all")) == 3
    assert titles(kind=ActivityKind.EVENT) == ["Fête de quartier"]
    assert titles(q="djembé") == ["Atelier djembé"]
    assert titles(q="quartier", period="all") == ["Fête de quartier"]


def test_list_answers_htmx_with_the_results_only(login, member, camp):
    response = login(member).get(
        LIST, {"q": "nature"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="activity-results"
    )
    html = response.content.decode()
    assert "Stage nature" in html
    assert "<html" not in html


def test_list_query_count_does_not_grow_with_the_activities(
    login, member, make_activity, make_child
):
    client = login(member)

    def grow(n):
        for i in range(n):
            activity = make_activity(title=f"Atelier {Activity.objects.count()}", places=1)
            for j in range(2):
                register(member, activity, make_child(f"Enfant{i}{j}", f"Famille{i}"))

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200
    grow(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(LIST).status_code == 200
    assert len(large) == len(small)


# Creating and editing


def activity_data(**overrides):
    data = {
        "kind": ActivityKind.WORKSHOP,
        "title": "Atelier arts plastiques",
        "description": "Peinture et collage",
        "commune": "",
        "place": "Maison de quartier",
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=60)).isoformat(),
        "age_min": "8",
        "age_max": "12",
        "places": "10",
        "sibling_reduction": "0",
        **overrides,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_create_a_workshop_with_staff_and_partners(login, member, colleague, commune, org_a, org_b):
    client = login(member)
    form = client.get(CREATE).context["form"]
    # Staff: the workers of the organisation; partners: the others, never itself.
    assert set(form.fields["staff"].queryset) == {member, colleague}
    assert org_a not in form.fields["partners"].queryset
    assert form.initial["staff"] == [member.pk]

    data = activity_data(commune=commune.pk, staff=[member.pk, colleague.pk], partners=[org_b.pk])
    response = client.post(CREATE, data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url(activity) + "#sessions"
    assert activity.organisation == org_a
    assert activity.created_by == member
    assert set(activity.staff.all()) == {member, colleague}
    assert list(activity.partners.all()) == [org_b]


def test_a_camp_without_places_is_refused_at_the_field(login, member, commune):
    response = login(member).post(
        CREATE, activity_data(kind=ActivityKind.CAMP, commune=commune.pk, places="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["places"] == [
        _("A holiday camp needs a number of places.")
    ]
    assert 'role="alert"' in response.content.decode()
    assert not Activity.objects.exists()


def test_a_camp_outside_the_school_holidays_is_refused(login, member, commune):
    SchoolHoliday.objects.create(name="Été", starts_on=date(2027, 7, 3), ends_on=date(2027, 8, 29))
    data = activity_data(
        kind=ActivityKind.CAMP,
        commune=commune.pk,
        starts_on="2027-09-13",
        ends_on="2027-09-17",
    )
    response = login(member).post(CREATE, data)
    assert "starts_on" in response.context["form"].errors
    data.update(starts_on="2027-07-05", ends_on="2027-07-09")
    assert login(member).post(CREATE, data).status_code == 302


def test_edit_saves_and_refuses_fewer_places_than_confirmed(login, member, full_camp, commune):
    url = reverse("activities:activity_edit", kwargs={"pk": full_camp.pk})
    client = login(member)
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Stage nature"
    data = activity_data(
        kind=ActivityKind.CAMP,
        title="Stage nature et forêt",
        commune=commune.pk,
        starts_on=full_camp.starts_on.isoformat(),
        ends_on=full_camp.ends_on.isoformat(),
        places="1",
        staff=[member.pk],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "places" in response.context["form"].errors

    data["places"] = "3"
    assert client.post(url, data).status_code == 302
    full_camp.refresh_from_db()
    assert full_camp.title == "Stage nature et forêt"
    # A place more: the first child waiting is confirmed.
    assert full_camp.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 3


# The activity's page


def test_page_shows_sessions_prices_roster_and_waiting_list_in_order(
    login, member, full_camp, session
):
    response = login(member).get(page_url(full_camp))
    assert response.status_code == 200
    html = response.content.decode()
    page = response.context["page"]
    assert [line.registration.person.first_name for line in page.confirmed] == ["Zoé", "Nora"]
    assert [(line.position, line.registration.person.first_name) for line in page.waiting] == [
        (1, "Yanis"),
        (2, "Léa"),
    ]
    assert html.index("Yanis") < html.index("Léa")
    assert reverse("activities:session", kwargs={"pk": session.pk}) in html
    assert "Plein tarif" in html
    assert "60,00" in html
    for name in ("participants_xlsx", "participants_pdf", "attendance_xlsx", "attendance_pdf"):
        assert reverse(f"activities:{name}", kwargs={"pk": full_camp.pk}) in html
    assert reverse("activities:activity_ics", kwargs={"pk": full_camp.pk}) in html
    assert reverse("activities:public_activity", kwargs={"pk": full_camp.pk}) in html
    assert reverse("activities:registration_create", kwargs={"pk": full_camp.pk}) in html
    first = page.confirmed[1].registration
    assert first.payment_reference in html
    # What the parent told in confidence never shows on the roster.
    assert "Secret-santé" not in html
    assert "parent.lambert@example.org" not in html


def test_page_query_count_does_not_grow_with_registrations_and_sessions(
    login, member, make_activity, make_child
):
    workshop = make_activity(places=50, ends_on=today() + timedelta(days=40))
    services.price_tier_add(actor=member, activity=workshop, label="Gratuit", amount=Decimal(0))
    client = login(member)
    day = [0]

    def grow(children, sessions):
        for _i in range(children):
            n = workshop.registrations.count()
            register(member, workshop, make_child(f"Enfant{n}", f"Famille{n}"))
        for _i in range(sessions):
            services.session_add(
                actor=member,
                activity=workshop,
                date=today() + timedelta(days=day[0]),
                starts_at=time(14),
                ends_at=time(16),
            )
            day[0] += 1

    grow(1, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page_url(workshop)).status_code == 200
    grow(8, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(page_url(workshop)).status_code == 200
    assert len(large) == len(small)


def test_the_rows_built_in_python_escape_what_people_typed_and_mark_today(
    login, member, camp, session, registration, child
):
    """The sessions and the roster are written in Python: what people typed is escaped
    there as the template did, and today's session stands out."""
    session.place = "Salle <b>A</b> & co"
    session.save()
    child.last_name = "<i>Lambert</i>"
    child.save()
    html = login(member).get(page_url(camp)).content.decode()
    assert "Salle &lt;b&gt;A&lt;/b&gt; &amp; co" in html
    assert "&lt;I&gt;LAMBERT&lt;/I&gt; Nora" in html
    assert "<b>A</b>" not in html and "<I>" not in html
    assert html.count('<tr class="today">') == 1
    # Nothing recorded there yet: the session may be removed.
    assert reverse("activities:session_remove", kwargs={"pk": session.pk}) in html


def test_the_forms_of_the_page_are_loaded_when_opened(login, member, camp):
    """The page holds folded forms that ask for themselves when opened; without JavaScript
    the same URL answers with a page of its own."""
    client = login(member)
    html = client.get(page_url(camp)).content.decode()
    for name in ("session_add", "sessions_generate", "price_add"):
        url = reverse(f"activities:{name}", kwargs={"pk": camp.pk})
        assert f'data-hx-get="{url}" data-hx-trigger="toggle once"' in html
        assert f'<a href="{url}">' in html
    assert 'name="session-date"' not in html and 'name="price-label"' not in html

    url = reverse("activities:session_add", kwargs={"pk": camp.pk})
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert f'action="{url}"' in fragment and 'name="session-date"' in fragment
    alone = client.get(url).content.decode()
    assert "<html" in alone and "<h1>Ajouter une séance</h1>" in alone
    assert 'name="session-date"' in alone and page_url(camp) in alone


def test_a_school_animation_has_no_roster(login, member, make_activity):
    animation = make_activity(
        kind=ActivityKind.SCHOOL_ANIMATION, school="École n° 3", school_class="5e B"
    )
    html = login(member).get(page_url(animation)).content.decode()
    assert "École n° 3" in html
    assert 'id="roster"' not in html
    assert reverse("activities:registration_create", kwargs={"pk": animation.pk}) not in html


# Sessions and prices


def test_add_a_session_and_refuse_one_outside_the_dates(login, member, camp):
    url = reverse("activities:session_add", kwargs={"pk": camp.pk})
    client = login(member)
    day = camp.starts_on + timedelta(days=1)
    response = client.post(
        url,
        {"session-date": day.isoformat(), "session-starts_at": "10:00", "session-ends_at": "12:00"},
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(camp) + "#sessions"
    assert camp.sessions.filter(date=day).exists()

    late = camp.ends_on + timedelta(days=3)
    response = client.post(
        url,
        {
            "session-date": late.isoformat(),
            "session-starts_at": "10:00",
            "session-ends_at": "12:00",
        },
    )
    assert response.status_code == 200
    form = response.context["session_form"]
    assert "date" in form.errors
    html = response.content.decode()
    assert "<details open>" in html
    assert 'role="alert"' in html
    assert not camp.sessions.filter(date=late).exists()


def test_generate_weekly_sessions(login, member, make_activity):
    workshop = make_activity(ends_on=today() + timedelta(days=27))
    url = reverse("activities:sessions_generate", kwargs={"pk": workshop.pk})
    weekday = today().weekday()
    response = login(member).post(
        url,
        {
            "generate-weekdays": [str(weekday)],
            "generate-starts_at": "14:00",
            "generate-ends_at": "16:00",
        },
    )
    assert response.status_code == 302
    dates = list(workshop.sessions.values_list("date", flat=True))
    assert len(dates) == 4
    assert all(d.weekday() == weekday for d in dates)


def test_generate_without_a_day_says_so(login, member, camp):
    url = reverse("activities:sessions_generate", kwargs={"pk": camp.pk})
    response = login(member).post(url, {"generate-starts_at": "14:00", "generate-ends_at": "16:00"})
    assert response.status_code == 200
    assert response.context["generate_form"].errors["weekdays"] == [
        _("Choose at least one day of the week.")
    ]


def test_remove_a_session_unless_attendance_was_taken(login, member, camp, session, registration):
    extra = services.session_add(
        actor=member,
        activity=camp,
        date=camp.starts_on + timedelta(days=1),
        starts_at=time(9),
        ends_at=time(12),
    )
    client = login(member)
    response = client.post(reverse("activities:session_remove", kwargs={"pk": extra.pk}))
    assert response["Location"] == page_url(camp) + "#sessions"
    assert not Session.objects.filter(pk=extra.pk).exists()

    services.attendance_record(
        actor=member, session=session, registration=registration, present=True
    )
    response = client.post(
        reverse("activities:session_remove", kwargs={"pk": session.pk}), follow=True
    )
    assert Session.objects.filter(pk=session.pk).exists()
    assert _("Attendance has been taken at this session: it cannot be removed.") in [
        str(m) for m in response.context["messages"]
    ]


def test_add_and_remove_prices(login, member, camp, registration, full_price):
    client = login(member)
    url = reverse("activities:price_add", kwargs={"pk": camp.pk})
    response = client.post(url, {"price-label": "Gratuit", "price-amount": "0"})
    assert response.status_code == 302
    free = camp.price_tiers.get(label="Gratuit")

    response = client.post(url, {"price-label": "gratuit", "price-amount": "5,50"})
    assert response.context["price_form"].errors["label"] == [
        _("This activity already has a price with that label.")
    ]

    client.post(reverse("activities:price_remove", kwargs={"pk": free.pk}))
    assert not PriceTier.objects.filter(pk=free.pk).exists()
    # In use by Nora's registration: kept.
    response = client.post(
        reverse("activities:price_remove", kwargs={"pk": full_price.pk}), follow=True
    )
    assert PriceTier.objects.filter(pk=full_price.pk).exists()
    assert _("Registrations use this price: it cannot be removed.") in [
        str(m) for m in response.context["messages"]
    ]


def test_a_decimal_price_with_a_comma(login, member, camp):
    url = reverse("activities:price_add", kwargs={"pk": camp.pk})
    login(member).post(url, {"price-label": "Réduit CPAS", "price-amount": "7,50"})
    assert camp.price_tiers.get(label="Réduit CPAS").amount == Decimal("7.50")
