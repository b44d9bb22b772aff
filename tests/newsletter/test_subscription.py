"""Double opt-in: a visitor subscribes at /o/<slug>/lettre/, gets a mail with a link, and only
the POST of the page that link opens confirms. The answer never tells whether the address
was known; a link not confirmed within 7 days expires; bad input is refused in French with
nothing saved."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit_models import AuditEvent
from maillage.newsletter import services
from maillage.newsletter.models import Subscriber, SubscriberStatus
from tests.privacy_notices import assert_privacy_notice

pytestmark = pytest.mark.django_db


def subscribe_url(org):
    return reverse("newsletter:subscribe", kwargs={"slug": org.slug})


def post_subscription(client, org, capture, email="Lea.Dupont@Example.org", consent=True):
    data = {"email": email}
    if consent:
        data["consent"] = "on"
    with capture(execute=True):
        return client.post(subscribe_url(org), data)


def link_in(message):
    return re.search(r"https?://\S+/confirmer/\S+/", message.body).group(0)


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_subscribing_sends_a_confirmation_link_and_only_the_post_confirms(
    client, org_a, django_capture_on_commit_callbacks
):
    response = post_subscription(client, org_a, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribe_sent", args=[org_a.slug])
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lea.dupont@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    [message] = mail.outbox
    assert message.to == ["lea.dupont@example.org"]
    assert "Confirmez votre inscription" in message.subject
    assert org_a.name in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = link_in(message)
    assert link in html
    # The token is not stored as it is: only its digest.
    assert link.rstrip("/").rsplit("/", 1)[1] not in subscriber.confirm_digest

    page = client.get(path_of(link))  # a mail scanner opening the link
    assert page.status_code == 200
    assert "Confirmer mon inscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    done = client.post(path_of(link))
    assert done.status_code == 200
    assert "Inscription confirmée" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    # A used link opens nothing any more.
    assert client.get(path_of(link)).status_code == 404
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "target_label"))
    assert actions == [
        ("newsletter.subscription.requested", "l•••@example.org"),
        ("newsletter.subscription.confirmed", "l•••@example.org"),
    ]


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(
    client, org_a, make_subscriber, django_capture_on_commit_callbacks
):
    make_subscriber("deja@example.org")
    known = post_subscription(client, org_a, django_capture_on_commit_callbacks, "deja@example.org")
    new = post_subscription(client, org_a, django_capture_on_commit_callbacks, "neuf@example.org")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    sent = client.get(known["Location"]).content.decode()
    assert "Si cette adresse peut recevoir notre lettre" in sent
    # Only the new address gets a mail; the confirmed one stays confirmed.
    assert [m.to for m in mail.outbox] == [["neuf@example.org"]]
    assert Subscriber.objects.get(email="deja@example.org").status == SubscriberStatus.CONFIRMED


def test_asking_again_while_waiting_sends_a_new_link_and_the_old_one_stops_working(
    client, org_a, django_capture_on_commit_callbacks
):
    post_subscription(client, org_a, django_capture_on_commit_callbacks, "a@example.org")
    post_subscription(client, org_a, django_capture_on_commit_callbacks, "a@example.org")
    first, second = (link_in(m) for m in mail.outbox)
    assert first != second
    assert Subscriber.objects.count() == 1
    assert client.post(path_of(first)).status_code == 404
    assert client.post(path_of(second)).status_code == 200


def test_a_confirmation_link_expires_after_seven_days(
    client, org_a, django_capture_on_commit_callbacks
):
    post_subscription(client, org_a, django_capture_on_commit_callbacks, "lent@example.org")
    link = path_of(link_in(mail.outbox[0]))
    Subscriber.objects.update(requested_at=timezone.now() - timedelta(days=7, minutes=1))
    page = client.post(link)
    assert "Ce lien de confirmation a expiré" in page.content.decode()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    # The next subscription forgets the expired one, then asks again.
    post_subscription(client, org_a, django_capture_on_commit_callbacks, "autre@example.org")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["autre@example.org"]


def test_a_link_of_another_organisation_or_unknown_token_is_not_valid(
    client, org_a, org_b, django_capture_on_commit_callbacks
):
    post_subscription(client, org_a, django_capture_on_commit_callbacks)
    link = path_of(link_in(mail.outbox[0]))
    elsewhere = link.replace(f"/o/{org_a.slug}/", f"/o/{org_b.slug}/")
    assert client.post(elsewhere).status_code == 404
    unknown = reverse("newsletter:confirm", args=[org_a.slug, "inconnu"])
    response = client.get(unknown)
    assert response.status_code == 404
    assert "Lien non valide" in response.content.decode()
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


@pytest.mark.parametrize(
    ("email", "consent", "field", "message"),
    [
        ("pas-une-adresse", True, "email", "Saisissez une adresse e-mail valide"),
        ("", True, "email", "Indiquez votre adresse e-mail"),
        ("lea@example.org", False, "consent", "Cochez la case"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    client, org_a, email, consent, field, message, django_capture_on_commit_callbacks
):
    response = post_subscription(client, org_a, django_capture_on_commit_callbacks, email, consent)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert response.context["form"].errors[field]
    assert not Subscriber.objects.exists()
    assert not mail.outbox
    assert not AuditEvent.objects.exists()


def test_the_service_checks_the_address_and_the_consent_itself(org_a):
    with pytest.raises(ValidationError) as caught:
        services.newsletter_subscribe(organisation=org_a, email="nope", consent=False)
    assert set(caught.value.message_dict) == {"email", "consent"}
    assert "adresse e-mail valide" in caught.value.message_dict["email"][0]
    assert not Subscriber.objects.exists()


def test_robots_filling_the_hidden_field_are_refused_without_saving(
    client, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            subscribe_url(org_a),
            {"email": "bot@example.org", "consent": "on", "website": "http://spam.example"},
        )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_too_many_subscriptions_from_one_address_are_refused(client, org_a, settings):
    settings.MAILLAGE_PUBLIC_FORM_LIMIT = 2
    for n in range(2):
        client.post(subscribe_url(org_a), {"email": f"n{n}@example.org", "consent": "on"})
    response = client.post(subscribe_url(org_a), {"email": "n3@example.org", "consent": "on"})
    assert response.status_code == 429
    assert Subscriber.objects.count() == 2


def test_an_unknown_or_inactive_organisation_has_no_subscription_page(client, org_a):
    assert client.get(reverse("newsletter:subscribe", args=["inconnue"])).status_code == 404
    org_a.is_active = False
    org_a.save()
    assert client.get(subscribe_url(org_a)).status_code == 404


def test_the_form_says_how_long_an_address_is_kept_and_whom_to_ask(client, org_a):
    assert not org_a.email and not org_a.dpo_email  # nobody to write to: the organisation
    html = client.get(subscribe_url(org_a)).content.decode()
    assert_privacy_notice(html, org_a, "oubliée si vous ne la confirmez pas dans les 7 jours")
