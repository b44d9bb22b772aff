import re
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from maillage.core.models import Membership, Organisation, User
from maillage.core.roles import Role
from maillage.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from maillage.demo.generator import PARTNER_KINDS, generate

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _wipe():
    """Everything the generator made, children first (workers are protected references)."""
    from maillage.casework.models import FollowUp, Referral, Request
    from maillage.people.models import Person

    Referral.objects.all().delete()
    FollowUp.objects.all().delete()
    Request.objects.all().delete()
    Person.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()


def _snapshot():
    return (
        sorted(User.objects.values_list("email", "first_name", "last_name")),
        sorted(Organisation.objects.values_list("name", "kind", "commune__name")),
    )


def test_same_seed_gives_the_same_network(db, django_db_blocker):
    generate(scale=0.2, seed=7)
    first = _snapshot()
    _wipe()
    generate(scale=0.2, seed=7)
    assert _snapshot() == first


def test_scale_sets_the_size_of_the_network(db):
    small = generate(scale=0.2, with_logins=False)
    assert small.created
    _wipe()
    large = generate(scale=2, with_logins=False)
    assert large.organisations > small.organisations * 3
    assert Membership.objects.filter(role=Role.FIELD_WORKER).count() > 60


def test_demo_network_mirrors_the_seeds(db):
    generate(scale=1)
    network = Organisation.objects.get(slug="reseau-rue-et-quartiers")
    street_workers = Membership.objects.filter(organisation=network, role=Role.FIELD_WORKER)
    assert 24 <= street_workers.count() <= 26
    partner_communes = (
        Organisation.objects.filter(kind__in=PARTNER_KINDS)
        .exclude(
            slug__in=["amo-les-passerelles", "projet-accroche", "coordination-cohesion-sociale"]
        )
        .order_by()
        .values("commune")
        .distinct()
    )
    assert partner_communes.count() >= 10
    assert Organisation.objects.filter(commune__name="Molenbeek-Saint-Jean").count() >= 20
    assert Organisation.objects.filter(kind="school").count() >= 2
    assert Organisation.objects.filter(kind="cpms").exists()


def test_every_demo_login_signs_in_with_the_published_password(db):
    generate(scale=0.1)
    for account in DEMO_ACCOUNTS:
        client = Client()
        assert client.login(email=account.email, password=DEMO_PASSWORD), account.email
    roles = set(
        Membership.objects.filter(user__email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == {r.value for r in Role}


def test_generating_twice_changes_nothing(db):
    generate(scale=0.1)
    before = User.objects.count()
    assert generate(scale=0.1).created is False
    assert User.objects.count() == before


def test_demo_command_prints_logins_and_does_not_regenerate(db, capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    assert "Réseau de démonstration créé" in first
    assert DEMO_PASSWORD in first and "direction@maillage.example" in first
    call_command("demo", "--no-serve")
    assert "déjà présent" in capsys.readouterr().out


def test_no_name_phone_or_email_from_the_seeds_appears_in_demo_data(db):
    text = "\n".join(p.read_text() for p in SEEDS.glob("*.txt"))
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
    phones = {
        re.sub(r"\D", "", p)
        for p in re.findall(r"\b0\d{1,3}[/ .]?\d{2}[ .]?\d{2}[ .]?\d{2,3}\b", text)
    }
    # Capitalised word pairs of the seeds (people and organisation names).
    names = set(re.findall(r"\b[A-ZÉ][a-zéèëï]+ (?:[A-Z][a-z]+ )?[A-ZÉ][a-zéèëï]+\b", text))
    assert emails and phones and names
    generate(scale=1)
    users = [f"{u.first_name} {u.last_name}" for u in User.objects.all()]
    data = "\n".join(
        users
        + [u.email for u in User.objects.all()]
        + [f"{o.name} {o.phone} {o.email}" for o in Organisation.objects.all()]
    )
    digits = re.sub(r"\D", "", data)
    assert not [e for e in emails if e.lower() in data.lower()]
    assert not [p for p in phones if len(p) >= 9 and p in digits]
    assert not [n for n in names if n in users]
