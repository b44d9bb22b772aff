"""Sharing outside the organisation: consents, and the referrals that rest on them.

Nothing is passed to another organisation without the young person's agreement
(professional secrecy); a consent is revocable at any time, even after closing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.casework.models import (
    Consent,
    ConsentScope,
    FollowUp,
    Referral,
    ReferralStatus,
)
from maillage.casework.rules import (
    Errors,
    future,
    raise_errors,
    require_full,
    require_not_closed,
    stale,
    today,
)
from maillage.core.audit import audit_log
from maillage.core.models import Organisation, User

REFERRAL_NEXT = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.ENDED},
    ReferralStatus.ACCEPTED: {ReferralStatus.ENDED},
    ReferralStatus.ENDED: set(),
}


@transaction.atomic
def consent_record(
    *,
    actor: User,
    followup: FollowUp,
    shared_with: Organisation,
    scope: str,
    given_on: date,
) -> Consent:
    """Record what the young person agreed to share, and with which organisation."""
    require_full(actor, followup)
    require_not_closed(followup, _("This follow-up is closed: reopen it to record a consent."))
    errors: Errors = {}
    if shared_with.pk == followup.organisation_id:
        errors["shared_with"] = [_("Choose another organisation than your own.")]
    elif Consent.objects.filter(
        followup=followup, shared_with=shared_with, scope=scope, withdrawn_on__isnull=True
    ).exists():
        errors["shared_with"] = [_("This consent is already recorded and still valid.")]
    if scope not in ConsentScope.values:
        errors["scope"] = [_("Choose what may be shared from the list.")]
    if given_on > today():
        errors["given_on"] = [future()]
    raise_errors(errors)
    consent = Consent.objects.create(
        organisation_id=followup.organisation_id,
        followup=followup,
        shared_with=shared_with,
        scope=scope,
        given_on=given_on,
        recorded_by=actor,
    )
    audit_log(
        actor=actor,
        action="casework.consent.recorded",
        target=consent,
        changes={"followup": followup.pk, "shared_with": shared_with.pk, "scope": scope},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: date) -> Consent:
    """The young person may withdraw at any time, even once the follow-up is closed."""
    require_full(actor, consent.followup)
    errors: Errors = {}
    if withdrawn_on > today():
        errors["withdrawn_on"] = [future()]
    elif withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = [_("A consent cannot be withdrawn before it was given.")]
    raise_errors(errors)
    if not Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on
    ):
        raise ValidationError(_("This consent has already been withdrawn."), code="stale")
    consent.refresh_from_db()
    audit_log(
        actor=actor,
        action="casework.consent.withdrawn",
        target=consent,
        changes={"followup": consent.followup_id, "shared_with": consent.shared_with_id},
    )
    return consent


@transaction.atomic
def referral_send(
    *,
    actor: User,
    followup: FollowUp,
    to_organisation: Organisation,
    note: str = "",
    sent_on: date,
) -> Referral:
    """Refer to another organisation: only with the young person's consent to share with it."""
    require_full(actor, followup)
    require_not_closed(followup, _("This follow-up is closed: reopen it to make a referral."))
    errors: Errors = {}
    if sent_on > today():
        errors["sent_on"] = [future()]
    consent = (
        Consent.objects.filter(
            followup=followup,
            shared_with=to_organisation,
            withdrawn_on__isnull=True,
            given_on__lte=sent_on,
        )
        .order_by("-given_on", "-pk")
        .first()
    )
    if to_organisation.pk == followup.organisation_id:
        errors["to_organisation"] = [_("Choose another organisation than your own.")]
    elif consent is None:
        errors["to_organisation"] = [
            _(
                "The young person has not agreed to share anything with %(organisation)s: "
                "record their consent first."
            )
            % {"organisation": to_organisation}
        ]
    elif Referral.objects.filter(
        followup=followup,
        to_organisation=to_organisation,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).exists():
        errors["to_organisation"] = [_("A referral to this organisation is already under way.")]
    raise_errors(errors)
    assert consent is not None
    referral = Referral.objects.create(
        organisation_id=followup.organisation_id,
        followup=followup,
        to_organisation=to_organisation,
        consent=consent,
        sent_on=sent_on,
        note=note.strip(),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="casework.referral.sent",
        target=referral,
        changes={
            "followup": followup.pk,
            "to_organisation": to_organisation.pk,
            "consent": consent.pk,
            "fields": ["note"],
        },
    )
    return referral


@transaction.atomic
def referral_update_status(*, actor: User, referral: Referral, status: str) -> Referral:
    require_full(actor, referral.followup)
    before = referral.status
    if status not in REFERRAL_NEXT.get(ReferralStatus(before), set()):
        raise ValidationError({"status": [_("This change of status is not possible.")]})
    if not Referral.objects.filter(pk=referral.pk, status=before).update(status=status):
        raise stale()
    referral.refresh_from_db()
    audit_log(
        actor=actor,
        action="casework.referral.status_changed",
        target=referral,
        changes={"status": [before, status]},
    )
    return referral
