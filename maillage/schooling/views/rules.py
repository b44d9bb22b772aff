"""The organisation's threshold rules and the school years they count over.

Everyone in the team reads the rules (a signal names the rule that raised it); changing them
is the organisation's management, like its other settings.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.forms import add_service_errors, posted
from maillage.core.permissions import org_view
from maillage.core.roles import Perm
from maillage.core.scoping import get_visible_or_404
from maillage.schooling import schools as services
from maillage.schooling.forms_schools import RuleForm
from maillage.schooling.models import SchoolYear, ThresholdRule
from maillage.schooling.schools import RULE_FIELDS
from maillage.schooling.thresholds import ensure_default_rules

MANAGE = Perm.MANAGE_ORGANISATION


@org_view(Perm.VIEW_TEAM)
def rule_list(request: HttpRequest) -> HttpResponse:
    ensure_default_rules(request.org.organisation.pk)  # type: ignore[attr-defined]
    context = {
        "rules": ThresholdRule.objects.visible_to(request.user),
        "years": SchoolYear.objects.all(),
        "can_manage": request.org.has(MANAGE),  # type: ignore[attr-defined]
    }
    return render(request, "schooling/rule_list.html", context)


def _values(form: RuleForm) -> dict[str, object]:
    return {key: form.cleaned_data.get(key) for key in RULE_FIELDS}


@org_view(MANAGE)
def rule_create(request: HttpRequest) -> HttpResponse:
    form = RuleForm(posted(request), initial={"is_active": True})
    if form.is_bound and form.is_valid():
        try:
            services.threshold_rule_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=request.org.organisation,  # type: ignore[attr-defined]
                **_values(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rule has been added; signals have been updated."))
            return redirect(reverse("schooling:rule_list"))
    return render(request, "schooling/rule_form.html", {"form": form, "rule": None})


@org_view(MANAGE)
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_visible_or_404(ThresholdRule, request.user, pk=pk)
    form = RuleForm(posted(request), initial=RuleForm.initial_for(rule))
    if form.is_bound and form.is_valid():
        try:
            services.threshold_rule_update(
                actor=request.user,  # type: ignore[arg-type]
                rule=rule,
                **_values(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rule has been saved; signals have been updated."))
            return redirect(reverse("schooling:rule_list"))
    return render(request, "schooling/rule_form.html", {"form": form, "rule": rule})
