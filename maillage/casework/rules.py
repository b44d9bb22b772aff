"""What every casework write shares: the acting user's access, dates, stale forms.

Messages are English sources translated to French; errors are keyed by the form field they
belong to, `__all__` for the others.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.casework.access import Access, followup_access
from maillage.casework.models import FollowUp, Intervention, Request, Status
from maillage.core.models import User
from maillage.core.scoping import current_organisation_id
from maillage.core.validation import Errors, raise_errors

__all__ = ["Errors", "raise_errors"]


def today() -> date:
    return timezone.localdate()


def future() -> str:
    return _("The date cannot be in the future.")


def stale() -> ValidationError:
    return ValidationError(
        _(
            "This follow-up was changed in the meantime (in another tab or by a colleague). "
            "Reload the page and try again."
        ),
        code="stale",
    )


def require_full(actor: User, followup: FollowUp) -> None:
    """Only the assigned workers, or a coordinator who broke the glass, read or write inside."""
    if (
        current_organisation_id(actor) != followup.organisation_id
        or followup_access(actor, followup) != Access.FULL
    ):
        raise PermissionDenied


def require_not_closed(followup: FollowUp, message: str) -> None:
    """Checked on the row, locked until the end of the transaction: a concurrent close waits."""
    status = (
        FollowUp.objects.select_for_update().values_list("status", flat=True).get(pk=followup.pk)
    )
    if status == Status.CLOSED:
        raise ValidationError(message, code="closed")


def form_token_used(model: type[Request] | type[Intervention], token: uuid.UUID | None) -> None:
    if token is not None and model.objects.filter(form_token=token).exists():
        raise ValidationError(_("This form has already been saved."), code="already_saved")
