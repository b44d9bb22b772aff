"""The nightly run over every organisation: one organisation's trouble stops no other."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from maillage.casework.models import Request
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from maillage.privacy.tasks import apply_retention_everywhere
from tests.privacy.schooling import recent_start_year, school_file, school_rows


def _old_request(org, person, recorded_by):
    return Request.objects.create(
        organisation=org,
        received_on=date(2020, 1, 6),
        requester="young_person",
        person=person,
        recorded_by=recorded_by,
    )


def test_a_pupil_whose_request_expires_stops_neither_her_organisation_nor_the_next(
    org_a, org_b, member
):
    """Issue 19: the run stopped with ProtectedError at the first organisation whose persons
    left with no request were still enrolled, and never reached the organisations after."""
    nora = Person.objects.create(organisation=org_a, first_name="Nora", last_name="Élève")
    _old_request(org_a, nora, member)
    school_file(nora, start_year=recent_start_year(timezone.localdate()))
    lone = Person.objects.create(organisation=org_b, first_name="Lou", last_name="Seul")
    _old_request(org_b, lone, member)

    run = apply_retention_everywhere()

    assert not Request.objects.exists()
    # Her schooling rows, still within their own delay, keep her and are kept.
    assert Person.objects.filter(pk=nora.pk).exists()
    assert school_rows(nora)["enrolments"] == 1
    # The organisation after hers was purged.
    assert not Person.objects.filter(pk=lone.pk).exists()
    assert run.failed == {}


def _three_organisations(make_org, member):
    """Three organisations, each with a person whose only request is old, in the order of
    the run: ancre, boussole, cap."""
    persons = {}
    for name in ("Ancre", "Boussole", "Cap"):
        org = make_org(name)
        persons[org.slug] = Person.objects.create(
            organisation=org, first_name=f"Prénom{name}", last_name=f"Nom{name}"
        )
        _old_request(org, persons[org.slug], member)
    return persons


def test_an_organisation_that_fails_is_reported_and_the_others_still_run(make_org, member, caplog):
    """A real failure: Boussole's policy holds a delay from before delays were bounded, which
    reaches before year 1 (the date cannot be computed)."""
    from maillage.casework.models import RetentionPolicy

    persons = _three_organisations(make_org, member)
    RetentionPolicy.objects.create(
        organisation=persons["boussole"].organisation, request_months=10**6
    )

    run = apply_retention_everywhere()

    assert run.failed == {"boussole": "ValueError"}
    assert set(run.done) == {"amo-alpha", "ancre", "cap"}
    assert run.done["cap"]["persons"] == 1
    assert not Person.objects.filter(pk__in=[persons["ancre"].pk, persons["cap"].pk])
    assert Person.objects.filter(pk=persons["boussole"].pk).exists()
    event = AuditEvent.objects.get(action="privacy.retention.failed")
    assert event.organisation == persons["boussole"].organisation
    assert event.changes == {"error": "ValueError"}
    [record] = [r for r in caplog.records if r.name == "maillage.privacy.tasks"]
    assert record.getMessage() == "Retention failed for organisation boussole"


def _refuse_deleting_persons_of(organisation):
    """A trigger that makes the database refuse to delete the persons of `organisation`:
    a failure in the middle of its run, after its requests were deleted."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_delete() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER test_refuse_delete BEFORE DELETE ON people_person FOR EACH ROW "
                f"WHEN (OLD.organisation_id = {organisation.pk}) "
                "EXECUTE FUNCTION test_refuse_delete()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_refuse_delete BEFORE DELETE ON people_person "
                f"WHEN OLD.organisation_id = {organisation.pk} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_a_failure_in_the_middle_of_an_organisation_rolls_back_its_work_only(make_org, member):
    persons = _three_organisations(make_org, member)
    _refuse_deleting_persons_of(persons["boussole"].organisation)

    run = apply_retention_everywhere()

    assert list(run.failed) == ["boussole"]
    # Boussole's request, deleted before its person was refused, is back.
    assert Request.objects.filter(person=persons["boussole"]).exists()
    assert Person.objects.filter(pk=persons["boussole"].pk).exists()
    assert set(Request.objects.values_list("organisation__slug", flat=True)) == {"boussole"}
    assert Person.objects.count() == 1


def test_the_command_names_the_organisation_that_failed_and_exits_with_an_error(
    make_org, member, capsys
):
    from maillage.casework.models import RetentionPolicy

    persons = _three_organisations(make_org, member)
    RetentionPolicy.objects.create(organisation=persons["ancre"].organisation, request_months=10**6)
    with pytest.raises(CommandError, match="1 organisation"):
        call_command("apply-retention")
    out, err = capsys.readouterr()
    assert "ancre: failed (ValueError)" in err
    assert "cap: deleted 0 follow-up(s), 1 request(s)" in out
    assert "public site: deleted 0 job application(s)" in out  # the rest of the night still ran


def test_the_log_of_a_failure_names_no_person(org_a, member):
    """The ProtectedError that stopped the run named the rows it met, and their persons
    ("Nora Élève — Athénée…"): the log keeps its type and frames, never its message."""
    import logging

    from django.db.models import ProtectedError

    from maillage.core.errors import PrivateFormatter

    nora = Person.objects.create(organisation=org_a, first_name="Nora", last_name="Élève")
    school = school_file(nora)
    try:
        nora.delete()
    except ProtectedError:
        record = logging.LogRecord(
            "maillage.privacy.tasks",
            logging.ERROR,
            __file__,
            1,
            "Retention failed for organisation %s",
            (org_a.slug,),
            exc_info=__import__("sys").exc_info(),
        )
    text = PrivateFormatter().format(record)
    assert "ProtectedError" in text and "amo-alpha" in text
    assert "Nora" not in text and "Élève" not in text and str(school.enrolment) not in text
