"""The long lists of an activity's page, built in Python: its sessions (a year of weekly
workshops is fifty rows) and its confirmed children.

Through the template engine each row cost about 0.3 ms (a `{% url %}`, the `date` and `time`
filters, a `blocktranslate`, a form): two thirds of the page's time on a camp of 35 children
and 60 sessions (issue 18). The rows below write the same markup, escaping every value as
the template did; a URL is reversed once a list, not once a row.

Plain f-strings, as `core.renderers` writes its `<option>`s: every value that comes from the
data or a translation goes through `conditional_escape`, nothing else is pasted in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import floatformat
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.activities.models import PaymentStatus, Session
from maillage.activities.queries import ActivityPage, RosterLine
from maillage.core.rows import day, url_for_pk
from maillage.core.templatetags.html_values import machine_datetime

DASH = "—"


def _number(value: Any) -> str:
    """A number as `{{ value }}` writes it (localised)."""
    return str(localize(value))


def session_rows(page: ActivityPage, request: HttpRequest) -> SafeString:
    """The `<tr>` of each session: its day (a link to its attendance sheet), its times, its
    place, who was present, the anonymous headcount, and a button to remove it while nothing
    was recorded there."""
    esc = conditional_escape
    activity = page.activity
    session_url = url_for_pk("activities:session")
    remove_url = url_for_pk("activities:session_remove")
    csrf = esc(get_token(request))
    today_badge = f' <span class="badge">{esc(_("today"))}</span>'
    remove = esc(_("Remove"))
    # `date:"D"`: the day's short name, translated once for the seven of them.
    weekdays = {number: esc(str(name)) for number, name in WEEKDAYS_ABBR.items()}

    def row(session: Session) -> str:
        today = session.date == page.today
        starts, ends = f"{session.starts_at:%H:%M}", f"{session.ends_at:%H:%M}"
        recorded = getattr(session, "recorded_count", 0)
        action = ""
        if not recorded and session.headcount is None:
            which = _("the session of %(date)s at %(time)s") % {
                "date": day(session.date),
                "time": starts,
            }
            action = (
                f'<form method="post" action="{remove_url(session.pk)}" class="inline-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                f'<button type="submit" class="link">{remove}'
                f'<span class="visually-hidden"> {esc(which)}</span></button></form>'
            )
        present = _number(getattr(session, "present_count", 0)) if recorded else DASH
        headcount = DASH if session.headcount is None else _number(session.headcount)
        marked = ' class="today"' if today else ""
        return (
            f"<tr{marked}>"
            f'<td class="nowrap"><a href="{session_url(session.pk)}">'
            f'<time datetime="{machine_datetime(session.date)}">'
            f"{weekdays[session.date.weekday()]} {day(session.date)}</time></a>"
            f"{today_badge if today else ''}</td>"
            f'<td class="nowrap">{starts}–{ends}</td>'
            f"<td>{esc(session.place or activity.place or DASH)}</td>"
            f'<td class="num">{esc(present)}</td>'
            f'<td class="num">{esc(headcount)}</td>'
            f"<td>{action}</td></tr>"
        )

    return mark_safe("\n".join(row(session) for session in page.sessions))  # noqa: S308


def confirmed_rows(lines: list[RosterLine]) -> SafeString:
    """The `<tr>` of each confirmed child: name (a link to the registration), age, price,
    amount, payment, its reference, and their attendance rate."""
    esc = conditional_escape
    registration_url = url_for_pk("activities:registration")
    age_exception = f' <span class="badge">{esc(_("age exception"))}</span>'
    sibling = f' <span class="badge">{esc(_("sibling"))}</span>'
    payments = {value: esc(label) for value, label in PaymentStatus.choices}

    def rate(line: RosterLine) -> str:
        if line.rate.percent is None:
            return DASH
        counts = _("%(present)s of %(recorded)s") % {
            "present": line.rate.present,
            "recorded": line.rate.recorded,
        }
        return f'{line.rate.percent} %<span class="visually-hidden"> ({esc(counts)})</span>'

    def row(line: RosterLine) -> str:
        registration = line.registration
        person = registration.person
        tier = registration.price_tier
        status = registration.payment_status
        return (
            f'<tr><td><a href="{registration_url(registration.pk)}">'
            f"{esc(person.last_name.upper())} {esc(person.first_name)}</a>"
            f"{age_exception if registration.age_override_reason else ''}</td>"
            f'<td class="num">{DASH if line.age is None else line.age}</td>'
            f"<td>{esc((tier.label if tier is not None else '') or DASH)}"
            f"{sibling if registration.sibling_reduction else ''}</td>"
            f'<td class="num nowrap">{esc(floatformat(registration.amount_due, 2))} €</td>'
            f'<td><span class="badge payment-{esc(status)}">{payments.get(status, esc(status))}'
            "</span></td>"
            f'<td class="nowrap reference">{esc(registration.payment_reference)}</td>'
            f'<td class="num">{rate(line)}</td></tr>'
        )

    return mark_safe("\n".join(row(line) for line in lines))  # noqa: S308
