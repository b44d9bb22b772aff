"""POST /absences: the rows of the absence import file, through the same pipeline: every
row checked, all or nothing, the same rows twice write nothing new, errors by row in
French, a bounded number of rows per call."""

import pytest

from maillage.api.models import Scope
from maillage.core.audit_models import AuditEvent
from maillage.core.models import OrganisationKind
from maillage.schooling.models import Absence, School, Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(make_org):
    return School.objects.create(
        organisation=make_org("Athénée Exemple", OrganisationKind.SCHOOL), fwb_number="1234"
    )


def row(day: str = "2025-10-06", half: str = "matin", status: str = "injustifiee", **extra):
    return {
        "matricule": "2025-0142",
        "nom": "Exemple",
        "prenom": "Lina",
        "date_naissance": "2011-03-14",
        "date": day,
        "demi_jour": half,
        "statut": status,
        "annee": 2,
        "classe": "2B",
        **extra,
    }


def week(count: int) -> list[dict]:
    days = ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-10-10"]
    rows = [row(day, half) for day in days for half in ("matin", "après-midi")]
    return rows[:count]


def test_rows_are_imported_then_a_second_push_changes_nothing(all_scopes, school):
    payload = {"school": school.pk, "rows": week(10)}
    first = all_scopes.post("/absences", payload)
    assert first.status_code == 200, first.content
    assert first.json() == {
        "rows": 10,
        "created": 10,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
    }
    assert Absence.objects.count() == 10
    # Nine unjustified half-days or more: the threshold's signal exists when the call returns.
    assert Signal.objects.filter(source="threshold").exists()
    again = all_scopes.post("/absences", payload)
    assert again.json() == {
        "rows": 10,
        "created": 0,
        "updated": 0,
        "unchanged": 10,
        "duplicates": 0,
    }
    assert Absence.objects.count() == 10
    event = AuditEvent.objects.filter(action="schooling.absence.imported").latest("pk")
    assert event.actor == all_scopes.token.user and event.changes["unchanged"] == 10


def test_a_later_push_that_justifies_an_absence_updates_it(all_scopes, school):
    all_scopes.post("/absences", {"school": school.pk, "rows": [row()]})
    changed = all_scopes.post(
        "/absences", {"school": school.pk, "rows": [row(status="justifiee", motif="certificat")]}
    )
    assert changed.json()["updated"] == 1
    assert Absence.objects.get().status == "justified"


def test_one_bad_row_refuses_the_whole_push_with_errors_by_row(all_scopes, school):
    rows = [*week(3), row("2099-01-05"), row("2025-10-06", "soir")]
    response = all_scopes.post("/absences", {"school": school.pk, "rows": rows})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert {"row": 4, "field": "date", "message": "Cette date est dans le futur."} in detail
    assert any(item["row"] == 5 and item["field"] == "demi_jour" for item in detail)
    assert Absence.objects.count() == 0


def test_the_same_key_with_other_values_is_refused(all_scopes, school):
    rows = [row(), row(status="justifiee")]
    response = all_scopes.post("/absences", {"school": school.pk, "rows": rows})
    assert response.status_code == 409
    assert response.json()["detail"][0]["row"] == 2
    assert "ligne 1" in response.json()["detail"][0]["message"]


def test_schema_errors_name_the_row_and_the_field(all_scopes, school):
    rows = [row(), {**row(), "matricule": 142}, {**row(), "remarque": "x"}]
    response = all_scopes.post("/absences", {"school": school.pk, "rows": rows})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {"row": 2, "field": "matricule", "message": "Indiquez un texte."} in detail
    assert {"row": 3, "field": "remarque", "message": "Champ inconnu."} in detail


def test_a_year_in_other_digits_is_refused_by_the_import_not_a_500(all_scopes, school):
    """Issue 19: "²" passed isdigit() and then int() raised; "٣" was read as 3."""
    for year in ("²", "٣"):
        response = all_scopes.post("/absences", {"school": school.pk, "rows": [row(annee=year)]})
        assert response.status_code == 409
        assert response.json()["detail"] == [
            {"row": 1, "field": "annee", "message": "Indiquez l’année par un nombre de 1 à 7."}
        ]
    assert all_scopes.post("/absences", {"school": school.pk, "rows": [row(annee=8)]}).json()[
        "detail"
    ] == [{"row": 1, "field": "annee", "message": "Cette valeur est trop grande."}]
    assert not Absence.objects.exists()


def test_the_number_of_rows_is_bounded(all_scopes, school):
    response = all_scopes.post("/absences", {"school": school.pk, "rows": [row()] * 1001})
    assert response.status_code == 422
    assert all_scopes.post("/absences", {"school": school.pk, "rows": []}).status_code == 422


def test_the_school_is_the_tokens_own_or_named(token_for, school, all_scopes):
    missing = all_scopes.post("/absences", {"rows": [row()]})
    assert missing.status_code == 409 and missing.json()["detail"][0]["field"] == "school"
    unknown = all_scopes.post("/absences", {"school": 2_000_000_000, "rows": [row()]})
    assert unknown.status_code == 409 and unknown.json()["detail"][0]["field"] == "school"
    own = token_for(school.organisation, Scope.ABSENCES_WRITE)
    assert own.post("/absences", {"rows": [row()]}).status_code == 200


def test_absences_need_their_scope(token_for, org_a, school):
    api = token_for(org_a, Scope.SIGNALS_WRITE)
    assert api.post("/absences", {"school": school.pk, "rows": [row()]}).status_code == 403
    assert not Absence.objects.exists()


def test_a_school_signals_a_pupil_by_its_pupil_number(all_scopes, school):
    """A school's software knows its pupils by number, not by Maillage's ids."""
    assert all_scopes.post("/absences", {"school": school.pk, "rows": week(2)}).status_code == 200
    signal = {"source": "school", "raised_on": "2025-10-10", "school": school.pk}
    made = all_scopes.post("/signals", {**signal, "matricule": "2025-0142"})
    assert made.status_code == 201, made.content
    assert made.json()["person"]["first_name"] == "Lina"
    unknown = all_scopes.post("/signals", {**signal, "matricule": "9999"})
    assert unknown.status_code == 409 and unknown.json()["detail"][0]["field"] == "person"
    # Either the person or a school and a pupil number: the document's oneOf, checked as such.
    without_school = all_scopes.post(
        "/signals", {"source": "school", "raised_on": "2025-10-10", "matricule": "2025-0142"}
    )
    assert without_school.status_code == 422
    assert without_school.json()["detail"][0]["field"] == "school"
    neither = all_scopes.post("/signals", {"source": "school", "raised_on": "2025-10-10"})
    assert neither.status_code == 422 and neither.json()["detail"][0]["field"] == "person"
    both = all_scopes.post("/signals", {**signal, "matricule": "2025-0142", "person": 1})
    assert both.status_code == 422
    assert {"field": "person", "message": "Champ inconnu.", "row": None} in both.json()["detail"]
    assert Signal.objects.filter(source="school").count() == 1
