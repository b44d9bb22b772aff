"""Each young person's school / training / employment situation over time: the service's
rules, the timeline page and the form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.casework import services as casework
from maillage.casework.models import FollowUp
from maillage.core.models import Organisation, User
from maillage.people.models import Person
from maillage.schooling.models import EducationStatus, School
from maillage.schooling.timeline import education_status_record, status_timeline
from tests.schooling.conftest import acting


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def young(org_a: Organisation, member: User) -> Person:
    return Person.objects.create(
        organisation=org_a,
        first_name="Yanis",
        last_name="Exemple",
        birth_date=date(2009, 2, 1),
        created_by=member,
    )


def open_followup(actor: User, person: Person) -> FollowUp:
    received = today() - timedelta(days=20)
    request = casework.request_record(
        actor=actor,
        organisation=person.organisation,
        received_on=received,
        requester="young_person",
        themes=["schooling"],
        person=person,
        summary="Ne va plus à l'école depuis la rentrée.",
    )
    return casework.followup_open(
        actor=actor,
        request=request,
        workers=[actor],
        opened_on=received,
        next_step="Rencontrer le CPMS",
        next_step_due=today() + timedelta(days=3),
    )


def record(actor: User, person: Person, **values: Any) -> EducationStatus:
    return education_status_record(actor=actor, person=person, **values)


def test_school_is_required_exactly_when_in_school(worker, young, school):
    with pytest.raises(ValidationError) as exc:
        record(worker, young, kind="school", starts_on=date(2025, 9, 1))
    assert "school" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(worker, young, kind="neet", starts_on=date(2025, 9, 1), school=school)
    assert "school" in exc.value.message_dict
    assert record(worker, young, kind="school", starts_on=date(2025, 9, 1), school=school)


def test_no_date_in_the_future_nor_before_birth(worker, young):
    for day in (today() + timedelta(days=1), date(2009, 1, 31)):
        with pytest.raises(ValidationError) as exc:
            record(worker, young, kind="neet", starts_on=day)
        assert "starts_on" in exc.value.message_dict
    assert record(worker, young, kind="unknown", starts_on=today())


def test_two_situations_cannot_start_the_same_day(worker, young):
    record(worker, young, kind="neet", starts_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as exc:
        record(worker, young, kind="training", starts_on=date(2026, 1, 5))
    assert "starts_on" in exc.value.message_dict
    assert EducationStatus.objects.count() == 1


def test_each_situation_lasts_until_the_next_and_the_newest_is_current(worker, young, school):
    record(worker, young, kind="school", starts_on=date(2025, 9, 1), school=school)
    record(worker, young, kind="neet", starts_on=date(2026, 1, 5))
    record(worker, young, kind="training", starts_on=date(2026, 3, 2), detail="Formation IFAPME")
    rows = status_timeline(worker, young)
    assert [r.status.kind for r in rows] == ["training", "neet", "school"]
    assert [r.ends_on for r in rows] == [None, date(2026, 3, 1), date(2026, 1, 4)]
    assert [r.is_current for r in rows] == [True, False, False]


def test_a_status_can_be_linked_to_one_of_the_persons_followups(worker, young, org_a, member):
    followup = open_followup(worker, young)
    status = record(worker, young, kind="training", starts_on=today(), followup=followup)
    assert status.followup == followup
    other = Person.objects.create(
        organisation=org_a, first_name="Autre", last_name="Jeune", created_by=member
    )
    with pytest.raises(ValidationError) as exc:
        record(worker, other, kind="neet", starts_on=today(), followup=followup)
    assert "followup" in exc.value.message_dict


def test_timeline_page_shows_the_current_situation_first(login, member, young, school, worker):
    record(worker, young, kind="school", starts_on=date(2025, 9, 1), school=school)
    record(worker, young, kind="employed", starts_on=date(2026, 2, 2), detail="Commis de cuisine")
    response = login(member).get(reverse("schooling:status_timeline", args=[young.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    current = html.index('id="h-current"')
    assert current < html.index("Commis de cuisine") < html.index("Athénée Exemple")


def test_form_records_a_situation_and_shows_errors_in_place(login, member, young, school):
    client = login(member)
    url = reverse("schooling:status_create", args=[young.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"starts_on": "2026-01-05", "kind": "school"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not EducationStatus.objects.exists()
    response = client.post(
        url, {"starts_on": "2026-01-05", "kind": "school", "school": school.pk, "detail": "3e"}
    )
    assert response.status_code == 302
    assert EducationStatus.objects.get().school == school


def test_statuses_of_a_person_the_worker_does_not_follow_are_hidden(
    login, make_user, org_a, young, worker
):
    record(worker, young, kind="neet", starts_on=today())
    colleague = make_user("colleague@a.example", (org_a, "field_worker"))
    acting(colleague, org_a, "field_worker")
    assert status_timeline(colleague, young) == []
    response = login(colleague).get(reverse("schooling:status_timeline", args=[young.pk]))
    assert response.status_code == 404


def test_timeline_page_queries_do_not_grow_with_rows(
    login, member, young, worker, make_school, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("schooling:status_timeline", args=[young.pk]))
        return len(ctx.captured_queries)

    client = login(member)
    first = make_school("École Une", "1001")
    record(worker, young, kind="school", starts_on=date(2024, 9, 1), school=first)
    one = count()
    for i in range(9):
        school: School = make_school(f"École {i}", f"2{i:03d}")
        record(worker, young, kind="school", starts_on=date(2025, 1, 1 + i), school=school)
    with django_assert_max_num_queries(one):
        client.get(reverse("schooling:status_timeline", args=[young.pk]))
