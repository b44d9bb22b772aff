"""Break the glass: a coordinator or director opens a follow-up they are not assigned to.

The reason is typed, logged in the audit log and shown to the assigned workers on the
follow-up page. Access lasts GLASS_OPEN_FOR, then the glass must be broken again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.casework.access import GLASS_OPEN_FOR, Access, followup_access, has_oversight
from maillage.casework.models import BreakGlass, FollowUp
from maillage.core.audit import audit_log
from maillage.core.audit_models import AuditKind
from maillage.core.forms import posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404

MIN_REASON_LENGTH = 15


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to open this follow-up?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=MIN_REASON_LENGTH,
        help_text=gettext_lazy(
            "The assigned workers will see your name, the time and this reason."
        ),
    )


@transaction.atomic
def followup_break_glass(*, user: Any, followup: FollowUp, reason: str) -> BreakGlass:
    if not has_oversight(user):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Please explain the reason in a full sentence.")})
    glass = BreakGlass.objects.create(
        organisation_id=followup.organisation_id,
        followup=followup,
        user=user,
        reason=reason,
        expires_at=timezone.now() + GLASS_OPEN_FOR,
    )
    audit_log(
        actor=user,
        action="casework.followup.glass_broken",
        kind=AuditKind.READ,
        target=followup,
        changes={"reason": reason},
    )
    return glass


@org_view(Perm.WORK_WITH_YOUNG_PEOPLE)
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_visible_or_404(FollowUp, request.user, pk=pk)
    if not has_oversight(request.user):
        raise PermissionDenied
    if followup_access(request.user, followup) == Access.FULL:
        return redirect("casework:followup", pk=followup.pk)
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            followup_break_glass(
                user=request.user, followup=followup, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.warning(
                request, _("Access recorded. The follow-up stays open to you for one hour.")
            )
            return redirect("casework:followup", pk=followup.pk)
    return render(request, "casework/break_glass.html", {"followup": followup, "form": form})
