"""The rules of the casework services, called directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.casework import services
from maillage.casework.glass import followup_break_glass
from maillage.casework.models import FollowUp, Intervention, Request
from maillage.core.models import Membership
from maillage.people.models import Person
from tests.casework.conftest import today


def _request(org, by, **extra):
    data = {
        "actor": by,
        "organisation": org,
        "received_on": today(),
        "requester": "young_person",
        "themes": ["health"],
        **extra,
    }
    return services.request_record(**data)


def _messages(exc):
    return exc.value.message_dict


def test_a_request_is_either_identified_or_anonymous_never_both(org_a, member, person):
    with pytest.raises(ValidationError) as exc:
        _request(org_a, member, person=person, age_band="15-17")
    assert "__all__" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        _request(org_a, member)  # anonymous without age band
    assert "age_band" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        _request(org_a, member, age_band="15-17", themes=[])
    assert "themes" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        _request(org_a, member, age_band="15-17", themes=["astrology"])
    assert "themes" in _messages(exc)
    assert not Request.objects.exists()


def test_a_person_of_another_organisation_cannot_be_chosen(org_a, org_b, member, outsider):
    theirs = Person.objects.create(organisation=org_b, first_name="Léa", last_name="Petit")
    with pytest.raises(ValidationError) as exc:
        _request(org_a, member, person=theirs)
    assert "person" in _messages(exc)


def test_a_new_person_is_created_with_the_request_or_not_at_all(org_a, member):
    request = _request(
        org_a, member, new_person={"first_name": "Inès", "last_name": "Diallo", "gender": "F"}
    )
    assert request.person.first_name == "Inès" and request.person.created_by == member
    with pytest.raises(ValidationError):
        _request(
            org_a,
            member,
            received_on=today() + timedelta(days=1),
            new_person={"first_name": "Tom", "last_name": "Martin"},
        )
    assert Person.objects.count() == 1


def test_one_follow_up_per_request(org_a, member, followup):
    with pytest.raises(ValidationError, match=r"déjà un accompagnement|already has a follow-up"):
        services.followup_open(
            actor=member, request=followup.request, workers=[member], opened_on=today()
        )


def test_workers_must_be_active_members_who_work_with_young_people(
    org_a, member, colleague, outside_worker, dpo
):
    request = _request(org_a, member, age_band="18-21")
    for wrong in (outside_worker, dpo):
        with pytest.raises(ValidationError) as exc:
            services.followup_open(
                actor=member, request=request, workers=[wrong], opened_on=today()
            )
        assert "workers" in _messages(exc)
    Membership.objects.filter(user=colleague).update(is_active=False)
    with pytest.raises(ValidationError):
        services.followup_open(
            actor=member, request=request, workers=[colleague], opened_on=today()
        )
    with pytest.raises(ValidationError) as exc:
        services.followup_open(
            actor=member, request=request, workers=[member], opened_on=today() - timedelta(days=1)
        )
    assert "opened_on" in _messages(exc)
    assert not FollowUp.objects.exists()


def test_inside_a_follow_up_only_full_access_writes(coordinator, colleague, followup):
    kwargs = {"date": today(), "duration_minutes": 30, "kind": "listening"}
    for user in (coordinator, colleague):
        with pytest.raises(PermissionDenied):
            services.intervention_log(actor=user, followup=followup, **kwargs)
    followup_break_glass(user=coordinator, followup=followup, reason="Remplacement en urgence")
    services.intervention_log(actor=coordinator, followup=followup, **kwargs)
    assert Intervention.objects.filter(followup=followup, author=coordinator).exists()


def test_a_stale_version_changes_nothing(member, followup):
    services.followup_pause(actor=member, followup=followup, version=1)
    with pytest.raises(ValidationError, match=r"entre-temps|in the meantime"):
        services.followup_update_next_step(
            actor=member,
            followup=FollowUp.objects.get(pk=followup.pk),
            next_step="x",
            next_step_due=None,
            version=1,
        )
    with pytest.raises(ValidationError, match=r"entre-temps|in the meantime"):
        services.followup_resume(actor=member, followup=followup, version=1)
    fresh = FollowUp.objects.get(pk=followup.pk)
    assert (fresh.version, fresh.status) == (2, "paused")


def test_a_concurrent_change_between_reading_and_writing_is_caught(member, followup):
    """Another request bumped the row after this one read it: the conditional UPDATE fails."""
    FollowUp.objects.filter(pk=followup.pk).update(version=5)
    with pytest.raises(ValidationError, match=r"entre-temps|in the meantime"):
        services.followup_pause(actor=member, followup=followup, version=1)
    assert FollowUp.objects.get(pk=followup.pk).status == "open"


def test_consents_are_for_another_organisation_and_not_recorded_twice(
    member, followup, org_a, consent
):
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            actor=member, followup=followup, shared_with=org_a, scope="summary", given_on=today()
        )
    assert "shared_with" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.consent_record(
            actor=member,
            followup=followup,
            shared_with=consent.shared_with,
            scope="summary",
            given_on=today(),
        )
    assert "shared_with" in _messages(exc)


def test_a_referral_rests_on_a_consent_given_before_it(member, referral, consent, org_b):
    assert referral.consent == consent
    with pytest.raises(ValidationError) as exc:  # one is under way already
        services.referral_send(
            actor=member, followup=consent.followup, to_organisation=org_b, sent_on=today()
        )
    assert "to_organisation" in _messages(exc)
    services.referral_update_status(actor=member, referral=referral, status="ended")
    with pytest.raises(ValidationError) as exc:  # the consent was given after that date
        services.referral_send(
            actor=member,
            followup=consent.followup,
            to_organisation=org_b,
            sent_on=consent.given_on - timedelta(days=1),
        )
    assert "to_organisation" in _messages(exc)


def test_a_consent_may_be_withdrawn_after_closing(member, consent):
    followup = consent.followup
    services.followup_close(
        actor=member,
        followup=followup,
        closed_on=today(),
        reason="Fin",
        outcome="goal_reached",
        version=followup.version,
    )
    services.consent_withdraw(actor=member, consent=consent, withdrawn_on=today())
    consent.refresh_from_db()
    assert consent.withdrawn_on == today()
