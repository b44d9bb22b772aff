"""Observations: recorded with a clear French error on bad input, a youth consultation's
opinions become observations, and a diagnosis assembles those of its zone and period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.community import services
from maillage.community.models import Observation, ObservationFile, ObservationSource
from maillage.community.queries import observations_by_theme
from tests.community.conftest import pdf


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(org_a, member, commune):
    with pytest.raises(ValidationError) as caught:
        services.observation_create(
            actor=member,
            organisation=org_a,
            date=timezone.localdate() + timedelta(days=2),
            commune=commune,
            theme="nope",
            source="worker",
            text="  ",
            evidence_url="ftp://exemple.be/doc",
        )
    errors = caught.value.message_dict
    assert errors["date"] == ["Un constat ne peut pas être daté dans le futur."]
    assert errors["text"] == ["Écrivez ce qui a été constaté."]
    assert errors["theme"] == ["Choisissez un thème dans la liste."]
    assert "evidence_url" in errors
    assert not Observation.objects.exists()


def test_the_opinions_of_a_consultation_become_observations(consultation, member, org_a):
    opinion = services.opinion_add(
        actor=member,
        consultation=consultation,
        theme="leisure",
        text="Il n'y a rien à faire le week-end.",
    )
    assert opinion.source == ObservationSource.YOUTH_CONSULTATION
    assert opinion.consultation == consultation
    assert (opinion.date, opinion.commune_id) == (consultation.date, consultation.commune_id)
    # Only through the consultation: the plain form refuses that source.
    with pytest.raises(ValidationError):
        services.observation_create(
            actor=member,
            organisation=org_a,
            date=date(2025, 1, 1),
            commune=consultation.commune,
            theme="leisure",
            source="youth_consultation",
            text="Sans consultation",
        )


def test_a_consultation_counts_young_people_never_less_than_one(org_a, member, commune):
    with pytest.raises(ValidationError) as caught:
        services.consultation_create(
            actor=member,
            organisation=org_a,
            date=date(2025, 1, 1),
            method="survey",
            commune=commune,
            place="",
            participants=0,
        )
    assert set(caught.value.message_dict) == {"place", "participants"}


def test_the_diagnosis_assembles_the_observations_of_its_zone_and_period_by_theme(
    diagnosis, make_observation, forest, org_b, outsider, commune
):
    inside = make_observation(theme="schooling", date=date(2024, 2, 1), text="Décrochage")
    also = make_observation(theme="public_space", date=date(2025, 12, 31), text="Parc fermé")
    make_observation(theme="schooling", commune=forest, text="Autre commune")
    make_observation(theme="schooling", date=date(2023, 12, 31), text="Avant la période")
    # Another organisation's observation in the same zone: not A's diagnosis.
    Observation.objects.create(
        organisation=org_b,
        date=date(2025, 1, 1),
        commune=commune,
        theme="schooling",
        source="worker",
        text="Chez B",
    )
    groups = observations_by_theme(diagnosis)
    assert [(g.theme, [o.text for o in g.observations]) for g in groups] == [
        ("schooling", [inside.text]),
        ("public_space", [also.text]),
    ]


def test_the_observation_list_filters_by_theme(client, member, make_observation):
    make_observation(theme="schooling", text="Décrochage au collège")
    make_observation(theme="housing", text="Logements insalubres")
    client.force_login(member)
    page = client.get(reverse("community:observation_list"), {"theme": "housing"})
    content = page.content.decode()
    assert "Logements insalubres" in content
    assert "Décrochage au collège" not in content


def test_the_observation_form_shows_errors_at_their_fields(client, member, commune):
    client.force_login(member)
    response = client.post(
        reverse("community:observation_create"),
        {"date": "2025-01-10", "commune": commune.pk, "theme": "housing", "source": "worker"},
    )
    assert response.status_code == 200
    assert "Écrivez ce qui a été constaté." in response.content.decode()
    response = client.post(reverse("community:observation_create"), {"source": "worker"})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Observation.objects.exists()


def test_an_evidence_file_is_stored_and_served_to_the_organisation_only(
    client, member, outsider, commune, settings
):
    client.force_login(member)
    response = client.post(
        reverse("community:observation_create"),
        {
            "date": "2025-01-10",
            "commune": commune.pk,
            "theme": "housing",
            "source": "partner",
            "text": "Rapport du CPAS sur le logement",
            "evidence_file": pdf(),
        },
    )
    assert response.status_code == 302
    stored = ObservationFile.objects.get()
    assert stored.kind == "pdf"
    listing = client.get(reverse("community:observation_list")).content.decode()
    url = reverse("community:observation_file", args=[stored.observation_id])
    assert url in listing
    download = client.get(url)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_evidence_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
    client, member, commune, settings
):
    client.force_login(member)
    response = client.post(
        reverse("community:observation_create"),
        {
            "date": "2025-01-10",
            "commune": commune.pk,
            "theme": "housing",
            "source": "partner",
            "text": "Un script déguisé",
            "evidence_file": pdf("rapport.pdf", b"#!/bin/sh\necho non\n"),
        },
    )
    assert response.status_code == 200
    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not Observation.objects.exists()
    assert not (settings.MEDIA_ROOT / "private").exists()
