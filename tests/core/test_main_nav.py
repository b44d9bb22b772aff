"""The main navigation, built once per role set and section (issue 18), shows each role its
own entries and marks the page's section, whichever role asked first."""

import re

from django.test import Client
from django.urls import reverse


def _nav(client: Client, url: str) -> list[tuple[str, bool]]:
    html = client.get(url).content.decode()
    nav = re.search(r'<nav aria-label="Navigation principale">(.*?)</nav>', html, re.S)
    assert nav, html[:500]
    return [
        (label, bool(current))
        for current, label in re.findall(
            r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', nav[1]
        )
    ]


def test_each_role_sees_its_own_entries_and_the_current_section(member, dpo, owner):
    worker = Client()
    worker.force_login(member)
    officer = Client()
    officer.force_login(dpo)
    admin = Client()
    admin.force_login(owner)
    common = ["Accueil", "Individuel", "Collectif", "Communautaire", "Réseau", "Scolarité"]
    # The field worker asks first; the DPO's menu must not be the one kept for them.
    worker_nav = _nav(worker, reverse("casework:caseload"))
    assert [label for label, _ in worker_nav][:6] == common
    assert "Données personnelles" not in dict(worker_nav)
    assert [label for label, current in worker_nav if current] == ["Individuel"]
    officer_nav = dict(_nav(officer, reverse("casework:caseload")))
    assert "Données personnelles" in officer_nav and "Journal d&#x27;audit" in officer_nav
    assert [label for label, current in _nav(admin, reverse("core:team")) if current] == ["Équipe"]
    assert [label for label, current in _nav(worker, reverse("core:home")) if current] == [
        "Accueil"
    ]
