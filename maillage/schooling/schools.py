"""Writes of schools, enrolments and threshold rules.

Every function takes the acting user first, validates with French messages keyed by field,
runs in one transaction and writes the audit log (field names only, never what a person
told). A school is an organisation of the directory: the audit event belongs to the team
that acted (`acting_for`), not to the school, whose own members would otherwise read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import Commune, Organisation, OrganisationKind, User
from maillage.core.validation import Errors, raise_errors
from maillage.people.models import Person
from maillage.schooling.models import Enrolment, School, SchoolYear, ThresholdRule
from maillage.schooling.thresholds import thresholds_recompute

SCHOOL_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.CPMS)
SCHOOL_FIELDS = ("name", "kind", "commune", "street", "postcode", "fwb_number")
ENROLMENT_FIELDS = ("school", "school_year", "matricule", "grade", "class_name")
# Texts a form may leave None: stored as "".
TEXT_FIELDS = {"street", "postcode", "matricule", "class_name", "label", "consequence"}
RULE_FIELDS = (
    "label",
    "half_days",
    "applies_to_minors",
    "applies_to_adults",
    "from_degree",
    "consequence",
    "is_active",
)
FWB_NUMBER = re.compile(r"^[0-9]{1,10}$")
MAX_GRADE, MAX_DEGREE, MAX_HALF_DAYS = 7, 3, 400
SLUG_LENGTH = 70


# --- Schools -------------------------------------------------------------------------------


def school_errors(values: dict[str, Any], *, exclude_pk: int | None = None) -> Errors:
    errors: Errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Give the name of the school.")]
    if values.get("kind") not in SCHOOL_KINDS:
        errors["kind"] = [_("Choose a school or a CPMS.")]
    if not isinstance(values.get("commune"), Commune):
        errors["commune"] = [_("Choose the commune of the school.")]
    number = (values.get("fwb_number") or "").strip()
    if not FWB_NUMBER.match(number):
        errors["fwb_number"] = [_("The FWB school number is made of digits only (1 to 10).")]
    else:
        taken = School.objects.filter(fwb_number=number)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors["fwb_number"] = [_("Another school already has this FWB number.")]
    return errors


def _unique_slug(name: str) -> str:
    """The name as a slug, with a number added when another organisation has it."""
    base = slugify(name)[: SLUG_LENGTH - 4] or "ecole"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_values(allowed: Iterable[str], fields: dict[str, Any]) -> dict[str, Any]:
    """A service's keyword fields, texts stripped (None for a text becomes ""); an unknown
    field is a programming error, not a user's."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return {
        key: (value or "").strip() if isinstance(value, str) or key in TEXT_FIELDS else value
        for key, value in fields.items()
    }


@transaction.atomic
def school_create(
    *,
    actor: User,
    acting_for: Organisation,
    name: str,
    kind: str,
    commune: Commune | None,
    fwb_number: str,
    street: str = "",
    postcode: str = "",
) -> School:
    """Add a school or a CPMS to the directory with its FWB number."""
    values = _clean_values(
        SCHOOL_FIELDS,
        {
            "name": name,
            "kind": kind,
            "commune": commune,
            "fwb_number": fwb_number,
            "street": street,
            "postcode": postcode,
        },
    )
    raise_errors(school_errors(values))
    organisation = Organisation.objects.create(
        name=values["name"],
        slug=_unique_slug(values["name"]),
        kind=values["kind"],
        commune=values["commune"],
        street=values["street"],
        postcode=values["postcode"],
    )
    school = School.objects.create(organisation=organisation, fwb_number=values["fwb_number"])
    audit_log(
        actor=actor,
        action="schooling.school.created",
        target=school,
        organisation=acting_for,
        changes={"kind": values["kind"]},
    )
    return school


@transaction.atomic
def school_update(
    *, actor: User, acting_for: Organisation, school: School, **fields: Any
) -> School:
    values = _clean_values(SCHOOL_FIELDS, fields)
    organisation = Organisation.objects.select_for_update().get(pk=school.organisation_id)
    current = {
        "name": organisation.name,
        "kind": organisation.kind,
        "commune": organisation.commune,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "fwb_number": school.fwb_number,
    }
    merged = {**current, **values}
    raise_errors(school_errors(merged, exclude_pk=school.pk))
    changed = sorted(key for key in values if values[key] != current[key])
    if not changed:
        return school
    for key in ("name", "kind", "commune", "street", "postcode"):
        setattr(organisation, key, merged[key])
    organisation.save()
    school.organisation = organisation
    school.fwb_number = merged["fwb_number"]
    school.save(update_fields=["fwb_number"])
    audit_log(
        actor=actor,
        action="schooling.school.updated",
        target=school,
        organisation=acting_for,
        changes={"fields": changed},
    )
    return school


# --- Enrolments ----------------------------------------------------------------------------


def enrolment_errors(
    *, organisation_id: int, person: Person, values: dict[str, Any], exclude_pk: int | None = None
) -> Errors:
    errors: Errors = {}
    if person.organisation_id != organisation_id or not person.is_current:
        errors["person"] = [_("Choose a young person of your organisation.")]
    school, year = values.get("school"), values.get("school_year")
    if not isinstance(school, School):
        errors["school"] = [_("Choose the school.")]
    if not isinstance(year, SchoolYear):
        errors["school_year"] = [_("Choose the school year.")]
    matricule = values.get("matricule") or ""
    if not matricule:
        errors["matricule"] = [_("Give the pupil number the school uses.")]
    grade = values.get("grade")
    if grade is not None and not 1 <= grade <= MAX_GRADE:
        errors["grade"] = [_("The year is between 1 and 7.")]
    if len(values.get("class_name") or "") > Enrolment._meta.get_field("class_name").max_length:  # type: ignore[operator]
        errors["class_name"] = [_("The class is at most 30 characters long.")]
    if errors or school is None or year is None:
        return errors
    others = Enrolment.objects.filter(
        organisation_id=organisation_id, school=school, school_year=year
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.filter(matricule=matricule).exists():
        errors["matricule"] = [
            _("Another pupil of this school already has this number for this school year.")
        ]
    elif others.filter(person=person).exists():
        errors["school"] = [_("This young person is already enrolled in this school this year.")]
    return errors


@transaction.atomic
def enrolment_create(
    *,
    actor: User,
    organisation: Organisation,
    person: Person,
    school: School | None,
    school_year: SchoolYear | None,
    matricule: str,
    grade: int | None = None,
    class_name: str = "",
) -> Enrolment:
    """Enrol a young person of the organisation in a school for a school year."""
    values = _clean_values(
        ENROLMENT_FIELDS,
        {
            "school": school,
            "school_year": school_year,
            "matricule": matricule,
            "grade": grade,
            "class_name": class_name,
        },
    )
    raise_errors(enrolment_errors(organisation_id=organisation.pk, person=person, values=values))
    enrolment = Enrolment.objects.create(organisation=organisation, person=person, **values)
    audit_log(
        actor=actor,
        action="schooling.enrolment.created",
        target=enrolment,
        changes={"fields": sorted(key for key, value in values.items() if value)},
    )
    return enrolment


@transaction.atomic
def enrolment_update(*, actor: User, enrolment: Enrolment, **fields: Any) -> Enrolment:
    values = _clean_values(ENROLMENT_FIELDS, fields)
    current = {key: getattr(enrolment, key) for key in ENROLMENT_FIELDS}
    merged = {**current, **values}
    raise_errors(
        enrolment_errors(
            organisation_id=enrolment.organisation_id,
            person=enrolment.person,
            values=merged,
            exclude_pk=enrolment.pk,
        )
    )
    changed = sorted(key for key in values if values[key] != current[key])
    if not changed:
        return enrolment
    years = {current["school_year"].pk, merged["school_year"].pk}
    for key in changed:
        setattr(enrolment, key, merged[key])
    enrolment.save()
    audit_log(
        actor=actor,
        action="schooling.enrolment.updated",
        target=enrolment,
        changes={"fields": changed},
    )
    if {"grade", "school_year"} & set(changed):
        # The degree decides whether a rule applies: a corrected year may raise a signal.
        thresholds_recompute(organisation_id=enrolment.organisation_id, school_year_ids=years)
    return enrolment


# --- Threshold rules -----------------------------------------------------------------------


def rule_errors(values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if not (values.get("label") or "").strip():
        errors["label"] = [_("Give the rule a name.")]
    half_days = values.get("half_days")
    if not isinstance(half_days, int) or not 1 <= half_days <= MAX_HALF_DAYS:
        errors["half_days"] = [_("The number of half-days is between 1 and 400.")]
    degree = values.get("from_degree")
    if degree is not None and not 1 <= degree <= MAX_DEGREE:
        errors["from_degree"] = [_("The degree is 1, 2 or 3.")]
    if not (values.get("applies_to_minors") or values.get("applies_to_adults") or degree):
        errors["applies_to_minors"] = [
            _("Say whom the rule applies to: minors, pupils of age, or from a degree on.")
        ]
    return errors


@transaction.atomic
def threshold_rule_create(
    *, actor: User, organisation: Organisation, **fields: Any
) -> ThresholdRule:
    """Add a rule, then raise the signals it makes due on the absences already recorded."""
    values = {
        "label": "",
        "half_days": None,
        "applies_to_minors": False,
        "applies_to_adults": False,
        "from_degree": None,
        "consequence": "",
        "is_active": True,
        **_clean_values(RULE_FIELDS, fields),
    }
    raise_errors(rule_errors(values))
    rule = ThresholdRule.objects.create(organisation=organisation, **values)
    audit_log(
        actor=actor,
        action="schooling.threshold_rule.created",
        target=rule,
        changes={"half_days": rule.half_days},
    )
    thresholds_recompute(organisation_id=organisation.pk)
    return rule


@transaction.atomic
def threshold_rule_update(*, actor: User, rule: ThresholdRule, **fields: Any) -> ThresholdRule:
    values = _clean_values(RULE_FIELDS, fields)
    current = {key: getattr(rule, key) for key in RULE_FIELDS}
    merged = {**current, **values}
    raise_errors(rule_errors(merged))
    changed = sorted(key for key in values if values[key] != current[key])
    if not changed:
        return rule
    for key in changed:
        setattr(rule, key, merged[key])
    rule.save()
    audit_log(
        actor=actor,
        action="schooling.threshold_rule.updated",
        target=rule,
        changes={"fields": changed},
    )
    thresholds_recompute(organisation_id=rule.organisation_id)
    return rule
