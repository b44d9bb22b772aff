"""Payments on the team's pages: the status and the price of a registration, the receipt of
a paid one, and a payment found by the structured communication read on a bank statement."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.activities import services
from maillage.activities.models import PaymentStatus
from maillage.activities.payments import format_reference, reference_base
from maillage.core.audit_models import AuditEvent
from tests.activities.conftest import acting, today
from tests.documents import assert_tagged_pdf

pytestmark = pytest.mark.django_db

BY_REFERENCE = reverse("activities:payment_by_reference")


def url(name, registration):
    return reverse(f"activities:{name}", kwargs={"pk": registration.pk})


def test_record_a_payment_with_its_date(login, member, registration):
    paid_on = today() - timedelta(days=2)
    response = login(member).post(
        url("payment_update", registration), {"status": "paid", "paid_on": paid_on.isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == url("registration", registration) + "#payment"
    registration.refresh_from_db()
    assert (registration.payment_status, registration.paid_on) == (PaymentStatus.PAID, paid_on)


def test_a_payment_in_the_future_is_refused_at_the_date(login, member, registration):
    tomorrow = today() + timedelta(days=1)
    response = login(member).post(
        url("payment_update", registration), {"status": "paid", "paid_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["payment_form"].errors["paid_on"] == [
        _("The date cannot be in the future.")
    ]
    registration.refresh_from_db()
    assert registration.payment_status == PaymentStatus.DUE


def test_change_the_price_until_it_is_paid(login, member, registration, camp):
    reduced = camp.price_tiers.get(label="Tarif réduit")
    client = login(member)
    response = client.post(url("registration_price", registration), {"price_tier": reduced.pk})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.amount_due == Decimal("20.00")

    services.payment_record(actor=member, registration=registration, status=PaymentStatus.PAID)
    full = camp.price_tiers.get(label="Plein tarif")
    response = client.post(url("registration_price", registration), {"price_tier": full.pk})
    assert response.context["price_form"].errors["price_tier"] == [
        _("This registration is paid: its price can no longer change.")
    ]
    # Paid: the page offers the receipt, no longer the price change.
    html = client.get(url("registration", registration)).content.decode()
    assert url("receipt", registration) in html
    assert url("registration_price", registration) not in html


def test_a_price_of_another_activity_is_not_accepted(login, member, registration, make_activity):
    other = make_activity(title="Autre")
    tier = services.price_tier_add(actor=member, activity=other, label="X", amount=Decimal(5))
    response = login(member).post(url("registration_price", registration), {"price_tier": tier.pk})
    assert "price_tier" in response.context["price_form"].errors


def test_the_receipt_exists_once_paid(login, member, registration, outside_worker):
    client = login(member)
    assert client.get(url("receipt", registration)).status_code == 404
    services.payment_record(actor=member, registration=registration, status=PaymentStatus.PAID)
    response = client.get(url("receipt", registration))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_tagged_pdf(response.content, title=f"Reçu pour l’inscription n° {registration.pk}")
    # The file's name carries the registration's number, never the child's name.
    assert response["Content-Disposition"] == (
        f'attachment; filename="recu-inscription-{registration.pk}.pdf"'
    )
    assert AuditEvent.objects.filter(action="activities.registration.receipt").count() == 1
    assert login(outside_worker).get(url("receipt", registration)).status_code == 404


def test_the_receipt_names_the_organisation_child_amount_and_reference(member, registration):
    from django.template.loader import render_to_string
    from django.utils import timezone

    services.payment_record(actor=member, registration=registration, status=PaymentStatus.PAID)
    registration.refresh_from_db()
    html = render_to_string(
        "activities/receipt.html",
        {"registration": registration, "activity": registration.activity, "now": timezone.now()},
    )
    for text in (
        "AMO Alpha",
        "Nora Lambert",
        "Stage nature",
        "60,00",
        registration.payment_reference,
    ):
        assert text in html
    assert today().strftime("%d/%m/%Y") in html


# Payments by structured communication


def test_a_reference_from_a_bank_statement_marks_the_registration_paid(login, member, registration):
    client = login(member)
    assert client.get(BY_REFERENCE).status_code == 200
    # As a bank prints it: asterisks instead of plus signs.
    typed = registration.payment_reference.replace("+", "*")
    response = client.post(BY_REFERENCE, {"reference": typed})
    assert response.status_code == 302
    assert response["Location"] == f"{BY_REFERENCE}?fait={registration.pk}"
    registration.refresh_from_db()
    assert registration.payment_status == PaymentStatus.PAID
    assert registration.paid_on == today()
    html = client.get(response["Location"]).content.decode()
    assert url("registration", registration) in html


def test_wrong_check_digits_are_refused_at_the_field(login, member, registration):
    good = registration.payment_reference
    wrong = good[:-5] + ("00" if not good.endswith("00+++") else "01") + "+++"
    response = login(member).post(BY_REFERENCE, {"reference": wrong})
    assert response.status_code == 200
    errors = response.context["form"].errors["reference"]
    assert errors == [
        _(
            "This is not a valid structured communication: it has 12 digits, "
            "like +++123/4567/89002+++, and the last two are check digits."
        )
    ]
    assert 'role="alert"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.payment_status == PaymentStatus.DUE


def test_a_reference_in_other_digits_gets_a_french_message_not_a_500(login, member, registration):
    """Issue 19: "²" passed isdigit() and then int() raised; Arabic-Indic digits were read
    as 0 to 9 and marked the registration paid."""
    client = login(member)
    to_arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for typed in (registration.payment_reference.translate(to_arabic), "²" * 12, "²"):
        response = client.post(BY_REFERENCE, {"reference": typed})
        assert response.status_code == 200
        assert response.context["form"].errors["reference"] == [
            _("Type the structured communication with the digits 0 to 9.")
        ]
    registration.refresh_from_db()
    assert registration.payment_status == PaymentStatus.DUE


def test_a_done_marker_that_is_not_an_id_is_ignored(login, member, registration):
    client = login(member)
    for done in ("²", "٤٢", "-1", "99999999999999999999999", "abc", ""):
        response = client.get(BY_REFERENCE, {"fait": done})
        assert response.status_code == 200
        assert response.context["recorded"] is None
    paid_on = client.post(
        BY_REFERENCE, {"reference": registration.payment_reference, "paid_on": "²"}
    )
    assert paid_on.status_code == 200 and "paid_on" in paid_on.context["form"].errors


def test_a_reference_of_another_organisation_is_not_found(login, outside_worker, registration):
    response = login(outside_worker).post(
        BY_REFERENCE, {"reference": registration.payment_reference}
    )
    assert response.context["form"].errors["reference"] == [
        _("No registration of your organisation has this communication.")
    ]
    registration.refresh_from_db()
    assert registration.payment_status == PaymentStatus.DUE


def test_an_unknown_but_valid_reference_is_not_found(login, member, registration):
    unknown = format_reference(reference_base(registration.pk + 1000))
    response = login(member).post(BY_REFERENCE, {"reference": unknown})
    assert "reference" in response.context["form"].errors


def test_the_recorded_payment_of_another_organisation_is_not_shown(
    login, member, outside_worker, registration
):
    services.payment_record(
        actor=acting(member, registration.organisation, "field_worker"),
        registration=registration,
        status=PaymentStatus.PAID,
    )
    response = login(outside_worker).get(BY_REFERENCE, {"fait": registration.pk})
    assert response.context["recorded"] is None
    assert "Nora" not in response.content.decode()
