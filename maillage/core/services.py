"""Writes with rules in the core area: organisation switching, members, organisation details."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.links import absolute_url
from maillage.core.models import Commune, Membership, Organisation, User
from maillage.core.queries import OrgContext
from maillage.core.roles import Role


def organisation_switch(
    *, user: User, context: OrgContext | None, organisation_id: str
) -> Organisation:
    """Check that the user works in the organisation they ask for; never trust the form."""
    choices = {org.pk: org for org, _roles in (context.choices if context else [])}
    try:
        wanted = int(organisation_id)
    except (TypeError, ValueError):
        wanted = None
    if wanted is None or wanted not in choices:
        raise ValidationError(_("You are not a member of this organisation."))
    organisation = choices[wanted]
    audit_log(actor=user, action="core.organisation.switched", organisation=organisation)
    return organisation


@transaction.atomic
def member_invite(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
) -> Membership:
    """Give someone a role in the organisation, creating and inviting the account if new."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": _("This person already has this role in the organisation.")})
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_log(
        actor=actor,
        action="core.membership.created",
        target=membership,
        changes={"email": email, "role": role, "new_account": created},
    )
    if created:
        transaction.on_commit(lambda: _send_invitation(user, organisation))
    return membership


def _send_invitation(user: User, organisation: Organisation) -> None:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "organisation": organisation, "url": absolute_url(path)}
    send_mail(
        subject=_("[Maillage] Your account at %(organisation)s") % {"organisation": organisation},
        message=render_to_string("core/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _administrators_left(membership: Membership) -> int:
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.ADMINISTRATOR
        )
        .active()
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    if role == membership.role:
        return membership
    if membership.role == Role.ADMINISTRATOR and _administrators_left(membership) == 0:
        raise ValidationError({"role": _("The organisation must keep at least one administrator.")})
    if Membership.objects.filter(
        user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
    ).exists():
        raise ValidationError({"role": _("This person already has this role in the organisation.")})
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action="core.membership.role_changed",
        target=membership,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    if membership.role == Role.ADMINISTRATOR and _administrators_left(membership) == 0:
        raise ValidationError(_("The organisation must keep at least one administrator."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_log(actor=actor, action="core.membership.ended", target=membership)
    return membership


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "commune",
    "street",
    "postcode",
    "phone",
    "email",
    "website",
    "dpo_email",
)


def commune_add(*, actor: User, name: str, region: str) -> Commune:
    """Find a commune by name whatever the case, or add it (outside Brussels, say)."""
    name = " ".join(name.split())
    existing = Commune.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    commune = Commune(name=name, region=region)
    commune.full_clean()
    commune.save()
    audit_log(actor=actor, action="core.commune.created", target=commune)
    return commune


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    if data.get("new_commune"):
        data = {
            **data,
            "commune": commune_add(
                actor=actor, name=data["new_commune"], region=data["new_commune_region"]
            ),
        }
    # Compare with the stored row: a bound ModelForm has already changed `organisation`.
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = {}
    for name in ORGANISATION_FIELDS:
        if name in data and getattr(current, name) != data[name]:
            changes[name] = [str(getattr(current, name)), str(data[name])]
            setattr(current, name, data[name])
    if changes:
        current.full_clean()
        current.save()
        audit_log(
            actor=actor,
            action="core.organisation.updated",
            target=current,
            organisation=current,
            changes=changes,
        )
    return current
