"""The demo's network records: every street worker placed in a partner structure today,
agreements of several organisations with one due for renewal, trainings with participants."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Role
from maillage.core.scoping import bind_organisation
from maillage.demo.accounts import AMO, NETWORK
from maillage.demo.generator import generate
from maillage.network.models import Agreement, Placement, Training, on_date
from maillage.network.queries import hours_per_worker


def test_the_demo_places_every_street_worker_in_a_partner_structure(db):
    generate(scale=0.3, seed=3)
    network = Organisation.objects.get(slug=NETWORK)
    today = timezone.localdate()
    workers = set(
        Membership.objects.filter(organisation=network, role=Role.FIELD_WORKER).values_list(
            "user_id", flat=True
        )
    )
    placed_today = Placement.objects.filter(on_date(today), organisation=network)
    assert set(placed_today.values_list("worker_id", flat=True)) == workers
    assert not placed_today.filter(host=network).exists()
    assert placed_today.exclude(host__isnull=True).count() == len(workers)


def test_the_demo_has_agreements_to_renew_and_trainings(db, client):
    generate(scale=0.3, seed=3)
    today = timezone.localdate()
    assert Agreement.objects.renewal_due(today).filter(organisation__slug=NETWORK).exists()
    assert Agreement.objects.renewal_due(today).filter(organisation__slug=AMO).exists()
    assert Training.objects.filter(organisation__slug=NETWORK, participants__isnull=False).exists()
    # The demo coordinator of the AMO sees the renewal on the home page.
    user = User.objects.get(email="coordination@maillage.example")
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    assert "Convention d’occupation des locaux communaux" in page or "locaux communaux" in page
    bind_organisation(user, Organisation.objects.get(slug=NETWORK).pk)
    assert any(
        row.hours for year in (today.year, today.year - 1) for row in hours_per_worker(user, year)
    )
