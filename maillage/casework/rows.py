"""The rows of the casework lists (interventions, caseload, the team's follow-ups) and the
badges they carry, written in Python with `core.rows` (no template per row: issue 18).

The badges are the templates' too (templatetags/casework_html.py): one definition each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from maillage.casework.models import AgeBand, FollowUp, Intervention, InterventionKind, Status
from maillage.core.rows import day, joined, time_tag, url_for_pk

# A due date's state is said in words, not only in colour.
DUE_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "today": gettext_lazy("Due today"),
    "soon": gettext_lazy("This week"),
}
NOTHING = SafeString("")


def status_badge(status: str, label: Any) -> SafeString:
    return format_html('<span class="badge status-{}">{}</span>', status, label)


def due_badge(state: str) -> SafeString:
    label = DUE_LABELS.get(state)
    return format_html('<span class="badge {}">{}</span>', state, label) if label else NOTHING


def workers(followup: FollowUp) -> SafeString:
    """The names of its workers (`worker_list`, prefetched by casework.queries)."""
    return joined(a.worker for a in followup.worker_list)  # type: ignore[attr-defined]


def labels(choices: type[models.Choices]) -> dict[Any, str]:
    """The labels of `choices` in the current language, translated once for all the rows
    (`get_FOO_display()` rebuilds its mapping and translates again on every call)."""
    return {value: str(label) for value, label in choices.choices}


def intervention_row_maker(*, focus_first: bool = False) -> Callable[[Intervention], SafeString]:
    """The row of one intervention on the follow-up page. `focus_first`: the first row takes
    the focus (htmx focuses `autofocus`), so that a keyboard goes on from where the older
    rows came in."""
    kinds = labels(InterventionKind)
    present_label = _("Present:")
    focus = focus_first

    def row(intervention: Intervention) -> SafeString:
        nonlocal focus
        minutes = intervention.duration_minutes
        present = (
            format_html("\n  <p>{} {}</p>", present_label, intervention.present)
            if intervention.present
            else NOTHING
        )
        notes = (
            format_html('\n  <p class="notes">{}</p>', intervention.notes)
            if intervention.notes
            else NOTHING
        )
        focused, focus = focus, False
        return format_html(
            '<li id="intervention-{}"{}>\n  <p><strong>{} · {}</strong> · {} · {}</p>{}{}\n</li>\n',
            intervention.pk,
            SafeString(' tabindex="-1" autofocus') if focused else NOTHING,
            time_tag(intervention.date),
            kinds.get(intervention.kind, intervention.kind),
            ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes},
            intervention.author,
            present,
            notes,
        )

    return row


def caseload_row_maker() -> Callable[[FollowUp], SafeString]:
    """The row of one follow-up in "my follow-ups" (the page reverses its URL once)."""
    url = url_for_pk("casework:followup")
    anonymous = _("Anonymous")
    none_yet = _("none yet")
    statuses = labels(Status)
    age_bands = labels(AgeBand)

    def row(followup: FollowUp) -> SafeString:
        if followup.person_id:
            who: Any = followup.person
        else:
            who = f"{anonymous} ({age_bands.get(followup.request.age_band) or '—'})"
        due = followup.next_step_due
        state = followup.due_state  # type: ignore[attr-defined]
        last = followup.last_contact  # type: ignore[attr-defined]
        return format_html(
            "<tr{}>\n  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n"
            "  <td>{}</td>\n  <td>{}</td>\n</tr>\n",
            SafeString(' class="overdue"') if state == "overdue" else NOTHING,
            format_html('<a href="{}">{}</a>', url(followup.pk), who),
            status_badge(followup.status, statuses[followup.status]),
            Truncator(followup.next_step).words(15, truncate=" …") or "—",
            format_html("{} {}", time_tag(due), due_badge(state)) if due else "—",
            time_tag(last) if last else none_yet,
            workers(followup),
        )

    return row


def team_row_maker() -> Callable[[FollowUp], SafeString]:
    """The row of a team's follow-up a coordinator sees only the existence of."""
    url = url_for_pk("casework:followup")
    anonymous = _("anonymous")
    statuses = labels(Status)

    def row(followup: FollowUp) -> SafeString:
        initials = followup.person.initials if followup.person_id else ""  # type: ignore[union-attr]
        opened = day(followup.opened_on)
        return format_html(
            '<tr>\n  <td><a href="{}">{}<span class="visually-hidden">, {}</span></a></td>\n'
            "  <td>{}</td>\n  <td>{}</td>\n  <td>{}</td>\n</tr>\n",
            url(followup.pk),
            initials or anonymous,
            _("follow-up opened on %(on)s") % {"on": opened},
            workers(followup),
            opened,
            status_badge(followup.status, statuses[followup.status]),
        )

    return row
