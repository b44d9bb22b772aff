"""Recording a request in under a minute: anonymous, for a known young person, or for a new
one after the duplicate check; optionally opening the follow-up at once."""

from __future__ import annotations

from django.urls import reverse

from maillage.casework.models import FollowUp, Request
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from tests.casework.conftest import today

URL = reverse("casework:request_create")


def _data(**extra):
    data = {
        "received_on": today().isoformat(),
        "requester": "school",
        "themes": ["schooling", "family"],
        "summary": "Absences répétées depuis la rentrée",
    }
    return {**data, **extra}


def _new_person(**extra):
    return {
        "identity": "new",
        "person-first_name": "Noa",
        "person-last_name": "Lambert",
        "person-birth_date": "2011-02-03",
        **extra,
    }


def test_the_form_opens_with_today_and_myself_as_worker(client, member, colleague):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert f'name="received_on" value="{today().isoformat()}"' in html
    assert f'value="{member.pk}" id="id_workers_' in html
    mine = html[html.index(f'value="{member.pk}" id="id_workers_') :][:80]
    assert "checked" in mine
    theirs = html[html.index(f'value="{colleague.pk}" id="id_workers_') :][:80]
    assert "checked" not in theirs


def test_an_anonymous_request_keeps_only_age_band_gender_and_commune(client, member, commune):
    client.force_login(member)
    response = client.post(
        URL,
        _data(identity="anonymous", age_band="15-17", gender="X", commune=commune.pk),
    )
    assert response["Location"] == reverse("casework:request_list")
    request = Request.objects.get()
    assert request.is_anonymous
    assert (request.age_band, request.gender, request.commune) == ("15-17", "X", commune)
    assert sorted(request.themes.values_list("theme", flat=True)) == ["family", "schooling"]
    assert not Person.objects.exists() and not FollowUp.objects.exists()
    assert AuditEvent.objects.get(action="casework.request.recorded").changes["anonymous"]


def test_a_new_young_person_and_the_follow_up_are_recorded_together(client, member):
    client.force_login(member)
    response = client.post(
        URL,
        _data(**_new_person(), open_followup="on", workers=[member.pk], next_step="Appeler"),
    )
    followup = FollowUp.objects.get()
    assert response["Location"] == reverse("casework:followup", kwargs={"pk": followup.pk})
    assert followup.person.first_name == "Noa" and followup.person.created_by == member
    assert followup.request.person == followup.person
    assert list(followup.workers.all()) == [member]
    assert followup.opened_on == today()


def test_the_duplicate_check_proposes_the_known_person_before_creating(client, member, person):
    client.force_login(member)
    data = _data(
        **_new_person(
            **{
                "person-first_name": "yasmine",
                "person-last_name": "EL AMRANI",
                "person-birth_date": "2010-05-17",
            }
        )
    )
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="use_person" value="{person.pk}"' in html  # "use this file"
    assert 'aria-invalid="true"' in html
    assert Person.objects.count() == 1 and not Request.objects.exists()

    # The worker picks the existing file: the request is recorded for it.
    response = client.post(URL, {**data, "use_person": person.pk})
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert Request.objects.get().person == person


def test_a_different_person_with_a_similar_name_is_created_once_confirmed(client, member, person):
    client.force_login(member)
    data = _data(
        **_new_person(**{"person-first_name": "Yasmina", "person-last_name": "El Amrani"}),
        **{"person-confirm_new": "on"},
    )
    assert client.post(URL, data).status_code == 302
    assert Person.objects.count() == 2
    assert Request.objects.get().person.first_name == "Yasmina"


def test_search_finds_the_young_people_i_may_see_and_chooses_one(client, member, colleague, person):
    client.force_login(member)
    html = client.get(URL, {"q": "amrani yas"}).content.decode()
    assert f'href="?jeune={person.pk}"' in html
    fragment = client.get(
        URL, {"q": "amrani"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="person-results"
    ).content.decode()
    assert "<html" not in fragment and f"?jeune={person.pk}" in fragment

    html = client.get(URL, {"jeune": person.pk}).content.decode()
    assert "Yasmine El Amrani" in html and 'name="identity"' not in html
    response = client.post(f"{URL}?jeune={person.pk}", _data(person=person.pk))
    assert response.status_code == 302
    assert Request.objects.get().person == person

    client.force_login(colleague)  # not their file: not found, not choosable
    assert "Yasmine" not in client.get(URL, {"q": "amrani"}).content.decode()
    assert client.get(URL, {"jeune": person.pk}).status_code == 404
    assert client.post(URL, _data(person=person.pk, use_person=person.pk)).status_code == 404


def test_the_same_request_form_posted_twice_records_once(client, member):
    client.force_login(member)
    html = client.get(URL).content.decode()
    token = html.split('name="form_token" value="')[1].split('"')[0]
    data = _data(identity="anonymous", age_band="12-14", form_token=token)
    assert client.post(URL, data).status_code == 302
    response = client.post(URL, data)
    assert "Ce formulaire a déjà été enregistré." in response.content.decode()
    assert Request.objects.count() == 1
