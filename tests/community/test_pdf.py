"""The diagnosis PDF shows the small cells as "<5", its sections and observations, and never
a name: not the young people's, not the workers'."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from maillage.casework.models import Request, RequestTheme
from maillage.core.audit_models import AuditEvent
from maillage.people.models import Person
from tests.documents import assert_tagged_pdf


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_the_pdf_shows_suppressed_cells_and_no_name(
    client, coordinator, member, org_a, diagnosis, make_observation, commune
):
    make_observation(theme="schooling", text="Absentéisme en hausse au collège")
    person = Person.objects.create(
        organisation=org_a,
        first_name="Zinedine",
        last_name="Vandermeulen",
        birth_date=date(2010, 1, 1),
        gender="M",
        commune=commune,
    )
    for theme in ("schooling", "housing"):
        request = Request.objects.create(
            organisation=org_a,
            received_on=date(2025, 3, 1),
            requester="young_person",
            person=person,
            recorded_by=member,
        )
        RequestTheme.objects.create(request=request, theme=theme)
    client.force_login(coordinator)
    response = client.get(reverse("community:diagnosis_pdf", args=[diagnosis.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="diagnostic-{diagnosis.pk}.pdf"'
    )
    assert_tagged_pdf(response.content, title=diagnosis.title)
    text = pdf_text(response.content)
    assert "<5" in text
    assert "Absentéisme en hausse au collège" in text
    assert "Des lieux de rencontre." in text  # the priorities section
    for name in ("Zinedine", "Vandermeulen", member.first_name, coordinator.first_name):
        assert name not in text
    assert AuditEvent.objects.filter(action="community.diagnosis.exported").count() == 1
