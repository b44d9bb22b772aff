"""Creating and changing a programme: its rules, French errors on the right field, the audit
trail, and who may change it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.core.audit_models import AuditEvent
from maillage.core.roles import Role
from maillage.programmes import services
from maillage.programmes.models import Programme
from tests.programmes.conftest_programmes import *  # noqa: F403
from tests.programmes.conftest_programmes import acting


def test_a_programme_is_created_with_its_funders_and_audited(programme, funder):
    assert programme.funders.get() == funder
    assert programme.envelope == Decimal("984025")
    event = AuditEvent.objects.get(action="programmes.programme.created")
    assert event.organisation_id == programme.organisation_id


def test_an_end_before_the_start_is_refused_on_the_end_field(make_programme):
    with pytest.raises(ValidationError) as caught:
        make_programme(starts_on=date(2025, 1, 1), ends_on=date(2024, 12, 31))
    assert list(caught.value.message_dict) == ["ends_on"]
    assert not Programme.objects.exists()


def test_a_negative_envelope_and_a_taken_slug_are_refused(make_programme, programme):
    with pytest.raises(ValidationError) as caught:
        make_programme(envelope=Decimal("-1"), slug=programme.slug)
    assert set(caught.value.message_dict) == {"envelope", "slug"}


def test_the_coordinator_changes_the_period_and_the_audit_names_the_fields(programme, prog_coord):
    services.programme_update(actor=prog_coord, programme=programme, ends_on=date(2030, 6, 30))
    programme.refresh_from_db()
    assert programme.ends_on == date(2030, 6, 30)
    event = AuditEvent.objects.get(action="programmes.programme.updated")
    assert event.changes == {"fields": ["ends_on"]}


def test_a_field_worker_of_the_coordination_cannot_change_it(programme, member, org_a):
    acting(member, org_a, Role.FIELD_WORKER)
    with pytest.raises(PermissionDenied):
        services.programme_update(actor=member, programme=programme, title="Autre")


def test_a_director_of_a_funded_organisation_cannot_change_it(
    programme, funded_project, funded_director, org_c
):
    acting(funded_director, org_c, Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        services.programme_update(actor=funded_director, programme=programme, title="Autre")
    assert Programme.objects.visible_to(funded_director).filter(pk=programme.pk).exists()
