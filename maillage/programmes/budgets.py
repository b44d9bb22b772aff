"""Writes of a programme's money and targets: budget lines, spending (with the envelope's
warning), and the targets of the catalogue's indicators. Same rules as `services.py`, which
re-exports them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from maillage.core.audit import audit_log
from maillage.core.models import User
from maillage.core.validation import Errors, raise_errors
from maillage.programmes.indicators import CATALOGUE
from maillage.programmes.models import (
    BudgetLine,
    FundedProject,
    IndicatorTarget,
    Programme,
    Spending,
)
from maillage.programmes.rules import changed_fields, locked, money, require_manager, unknown_fields

LINE_FIELDS = ("label", "planned")


def _line_errors(values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if not str(values.get("label") or "").strip():
        errors["label"] = [_("Say what the budget line is for.")]
    planned = values.get("planned")
    if planned is None:
        errors["planned"] = [_("Give the amount planned.")]
    elif planned < 0:
        errors["planned"] = [_("The amount planned cannot be negative.")]
    return errors


@transaction.atomic
def budget_line_add(
    *, actor: User, programme: Programme, label: str, planned: Decimal | None
) -> BudgetLine:
    require_manager(actor, programme)
    raise_errors(_line_errors({"label": label, "planned": planned}))
    assert planned is not None  # checked above, for the type checker
    line = BudgetLine.objects.create(programme=programme, label=label.strip(), planned=planned)
    audit_log(
        actor=actor,
        action="programmes.budget_line.added",
        target=programme,
        changes={"fields": ["label", "planned"]},
    )
    return line


@transaction.atomic
def budget_line_update(*, actor: User, line: BudgetLine, **fields: Any) -> BudgetLine:
    unknown_fields(fields, LINE_FIELDS, "budget line")
    require_manager(actor, line.programme)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    values = {name: getattr(line, name) for name in LINE_FIELDS} | fields
    raise_errors(_line_errors(values))
    changed = changed_fields(line, fields)
    for name, value in fields.items():
        setattr(line, name, value.strip() if name == "label" else value)
    line.save()
    audit_log(
        actor=actor,
        action="programmes.budget_line.updated",
        target=line.programme,
        changes={"fields": changed},
    )
    return line


@transaction.atomic
def budget_line_remove(*, actor: User, line: BudgetLine) -> None:
    require_manager(actor, line.programme)
    if line.spendings.exists():
        raise ValidationError(
            _("Spending is recorded against this budget line: remove that spending first.")
        )
    audit_log(
        actor=actor,
        action="programmes.budget_line.removed",
        target=line.programme,
        changes={"fields": ["budget_line"]},
    )
    line.delete()


# Spending -----------------------------------------------------------------------------------


def remaining_envelope(programme: Programme) -> Decimal:
    spent = programme.spendings.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return programme.envelope - spent


def _spending_errors(programme: Programme, values: dict[str, Any]) -> Errors:
    errors: Errors = {}
    line = values.get("budget_line")
    if line is None or line.programme_id != programme.pk:
        errors["budget_line"] = [_("Choose a budget line of this programme.")]
    project = values.get("project")
    if project is not None and project.programme_id != programme.pk:
        errors["project"] = [_("Choose a project funded by this programme.")]
    spent_on: date | None = values.get("spent_on")
    if spent_on is None:
        errors["spent_on"] = [_("Give the date of the spending.")]
    elif not programme.starts_on <= spent_on <= programme.ends_on:
        errors["spent_on"] = [
            _("The date must fall within the programme (%(start)s – %(end)s).")
            % {
                "start": programme.starts_on.strftime("%d/%m/%Y"),
                "end": programme.ends_on.strftime("%d/%m/%Y"),
            }
        ]
    amount = values.get("amount")
    if amount is None or amount <= 0:
        errors["amount"] = [_("The amount must be more than 0.")]
    if not str(values.get("description") or "").strip():
        errors["description"] = [_("Say what the money was spent on.")]
    return errors


class OverEnvelope(ValidationError):
    """The spending exceeds the remaining envelope and no reason was given: the form shows
    the remaining amount and asks for the reason."""

    def __init__(self, remaining: Decimal) -> None:
        self.remaining = remaining
        super().__init__(
            {
                "over_envelope_reason": [
                    _(
                        "This spending exceeds the remaining envelope (%(remaining)s). "
                        "Give the reason to record it anyway."
                    )
                    % {"remaining": money(remaining)}
                ]
            }
        )


@transaction.atomic
def spending_record(
    *,
    actor: User,
    programme: Programme,
    budget_line: BudgetLine | None,
    spent_on: date | None,
    amount: Decimal | None,
    description: str,
    project: FundedProject | None = None,
    over_envelope_reason: str = "",
) -> Spending:
    """Record a spending. Beyond the remaining envelope it is refused (`OverEnvelope`) unless
    a reason is given; then it is recorded, the reason kept and audited."""
    require_manager(actor, programme)
    programme = locked(programme)
    values = {
        "budget_line": budget_line,
        "project": project,
        "spent_on": spent_on,
        "amount": amount,
        "description": description,
    }
    raise_errors(_spending_errors(programme, values))
    # Checked above; said again for the type checker.
    assert amount is not None and budget_line is not None and spent_on is not None
    remaining = remaining_envelope(programme)
    reason = over_envelope_reason.strip()
    over = amount > remaining
    if over and not reason:
        raise OverEnvelope(remaining)
    spending = Spending.objects.create(
        programme=programme,
        budget_line=budget_line,
        project=project,
        spent_on=spent_on,
        amount=amount,
        description=description.strip(),
        over_envelope_reason=reason if over else "",
        recorded_by=actor,
    )
    changes: dict[str, Any] = {"fields": sorted(k for k, v in values.items() if v is not None)}
    if over:
        changes["over_envelope"] = True
        changes["over_envelope_reason"] = reason
    audit_log(actor=actor, action="programmes.spending.recorded", target=programme, changes=changes)
    return spending


@transaction.atomic
def spending_remove(*, actor: User, spending: Spending) -> None:
    require_manager(actor, spending.programme)
    audit_log(
        actor=actor,
        action="programmes.spending.removed",
        target=spending.programme,
        changes={"fields": ["spending"]},
    )
    spending.delete()


# Indicator targets --------------------------------------------------------------------------


@transaction.atomic
def indicator_target_set(
    *,
    actor: User,
    programme: Programme,
    indicator: str,
    period_start: date | None,
    period_end: date | None,
    target: int | None,
) -> IndicatorTarget:
    """Set the target of one indicator for a period (one per programme, indicator and
    period: setting it again replaces the figure)."""
    require_manager(actor, programme)
    errors: Errors = {}
    if indicator not in CATALOGUE:
        errors["indicator"] = [_("Choose an indicator of the catalogue.")]
    if period_start is None:
        errors["period_start"] = [_("Give the start of the period.")]
    if period_end is None:
        errors["period_end"] = [_("Give the end of the period.")]
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = [_("The end cannot be before the start.")]
    if target is None or target < 0:
        errors["target"] = [_("The target must be 0 or more.")]
    raise_errors(errors)
    assert period_start is not None and period_end is not None and target is not None
    row, created = IndicatorTarget.objects.update_or_create(
        programme=programme,
        indicator=indicator,
        period_start=period_start,
        period_end=period_end,
        defaults={"target": target},
    )
    audit_log(
        actor=actor,
        action="programmes.target.set" if created else "programmes.target.updated",
        target=programme,
        changes={"fields": ["indicator", "period_start", "period_end", "target"]},
    )
    return row


@transaction.atomic
def indicator_target_remove(*, actor: User, target: IndicatorTarget) -> None:
    require_manager(actor, target.programme)
    audit_log(
        actor=actor,
        action="programmes.target.removed",
        target=target.programme,
        changes={"fields": ["target"]},
    )
    target.delete()
