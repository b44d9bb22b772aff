"""The subject-access PDF is tagged, in French (Belgium), titled with whose data it holds:
a person who uses a screen reader can read their own file."""

from __future__ import annotations

from django.urls import reverse

from tests.documents import assert_tagged_pdf


def test_the_subject_access_pdf_is_tagged_with_its_language_and_title(login, dpo, file_of_sami):
    response = login(dpo).get(reverse("privacy:export_pdf", args=[file_of_sami.pk]))
    assert response.status_code == 200
    assert_tagged_pdf(response.content, title="Données personnelles — Sami Lambert")
