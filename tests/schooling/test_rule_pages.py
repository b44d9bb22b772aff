"""Threshold rules: the decree's defaults appear on first visit, an administrator adds and
changes rules (French errors, at least one group of pupils), and the signals follow the new
rule at once. School years are shown read-only; the admin site refuses overlapping years."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.audit_models import AuditEvent
from maillage.schooling import schools as services
from maillage.schooling.admin import SchoolYearForm
from maillage.schooling.models import Signal, ThresholdRule
from maillage.schooling.thresholds import ensure_default_rules
from tests.schooling.conftest import acting


def _values(**extra):
    return {
        "label": "Alerte précoce",
        "half_days": 5,
        "applies_to_minors": True,
        "applies_to_adults": False,
        "from_degree": None,
        "consequence": "Appeler la famille.",
        "is_active": True,
        **extra,
    }


def test_the_list_shows_the_decree_defaults_and_the_school_years(login, member, org_a, year):
    page = login(member).get(reverse("schooling:rule_list"))
    assert [r.half_days for r in page.context["rules"]] == [9, 20]
    assert year in page.context["years"]
    html = page.content.decode()
    assert year.label in html
    # A field worker reads the rules without the buttons to change them.
    assert reverse("schooling:rule_create") not in html


def test_the_administrator_sees_the_buttons(login, owner, org_a):
    html = login(owner).get(reverse("schooling:rule_list")).content.decode()
    assert reverse("schooling:rule_create") in html


def test_a_new_rule_raises_its_signals_on_the_absences_already_recorded(
    owner, org_a, pupil, absences
):
    enrolment = pupil()
    absences(enrolment, 6)
    acting(owner, org_a, "administrator")
    rule = services.threshold_rule_create(actor=owner, organisation=org_a, **_values())
    signal = Signal.objects.get(rule=rule)
    assert (signal.person_id, signal.half_days, signal.raised_on) == (
        enrolment.person_id,
        5,
        date(2025, 9, 3),
    )
    assert AuditEvent.objects.filter(action="schooling.threshold_rule.created").exists()


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({"applies_to_minors": False}, {"applies_to_minors"}),
        ({"half_days": 0}, {"half_days"}),
        ({"half_days": 401, "label": " "}, {"half_days", "label"}),
        ({"from_degree": 4}, {"from_degree"}),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_saved(owner, org_a, extra, fields):
    with pytest.raises(ValidationError) as caught:
        services.threshold_rule_create(actor=owner, organisation=org_a, **_values(**extra))
    assert set(caught.value.message_dict) == fields
    assert not ThresholdRule.objects.exists()


def test_a_rule_from_a_degree_on_needs_no_age_group(owner, org_a):
    values = _values(applies_to_minors=False, from_degree=2)
    rule = services.threshold_rule_create(actor=owner, organisation=org_a, **values)
    assert rule.from_degree == 2


def test_lowering_a_threshold_raises_the_signals_it_makes_due(login, owner, org_a, pupil, absences):
    enrolment = pupil()
    absences(enrolment, 7)
    ensure_default_rules(org_a.pk)
    minors = ThresholdRule.objects.get(organisation=org_a, half_days=9)
    url = reverse("schooling:rule_edit", args=[minors.pk])
    client = login(owner)
    form = client.get(url).context["form"]
    assert form.initial["half_days"] == 9
    data = {"label": minors.label, "half_days": 7, "applies_to_minors": "on", "is_active": "on"}
    assert client.post(url, data)["Location"] == reverse("schooling:rule_list")
    assert Signal.objects.filter(rule=minors, person=enrolment.person).exists()
    event = AuditEvent.objects.get(action="schooling.threshold_rule.updated")
    assert event.changes == {"fields": ["consequence", "half_days"]}


def test_the_add_form_shows_the_errors_in_place(login, owner):
    page = login(owner).post(reverse("schooling:rule_create"), {"label": "X", "half_days": 3})
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"applies_to_minors"}
    assert not ThresholdRule.objects.filter(label="X").exists()


def test_another_organisations_rule_is_not_found(login, outsider, org_a):
    ensure_default_rules(org_a.pk)
    rule = ThresholdRule.objects.filter(organisation=org_a).first()
    response = login(outsider).get(reverse("schooling:rule_edit", args=[rule.pk]))
    assert response.status_code == 404


def test_school_years_may_not_overlap(year):
    overlapping = SchoolYearForm(
        {"label": "2026-2027", "starts_on": "2026-07-01", "ends_on": "2027-07-02"}
    )
    assert not overlapping.is_valid()
    assert "2025-2026" in str(overlapping.non_field_errors())
    corrected = SchoolYearForm(
        {"label": year.label, "starts_on": "2025-08-25", "ends_on": "2026-07-01"}, instance=year
    )
    assert corrected.is_valid(), corrected.errors
