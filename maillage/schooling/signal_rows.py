"""The rows of the signal inbox, built in Python: one `<tr>` per signal, with its buttons and
its list of workers to assign it to.

Through the template engine each row cost about 0.5 ms, most of it the `<option>` of every
worker written again for every row (issue 18). Here the options are escaped once for the
page; a row only marks the worker it is assigned to. The inbox and the answer to a button
pressed through HTMX both come from `SignalRows.row`, so they cannot drift apart.

Plain f-strings, as `core.renderers` writes its `<option>`s: every value that comes from the
data or a translation goes through `conditional_escape`, nothing else is pasted in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core.models import User
from maillage.core.rows import url_for_pk
from maillage.schooling.models import Signal, SignalSource, SignalStatus


def _worker_name(user: User) -> str:
    return user.get_full_name() or user.email


@dataclass(frozen=True)
class SignalRows:
    """What every row of one inbox page shares, worked out once."""

    csrf: str
    back: str
    workers: list[tuple[int, str]]  # (pk, escaped name)
    detail_url: Callable[[int], str]
    acknowledge_url: Callable[[int], str]
    assign_url: Callable[[int], str]
    texts: dict[str, str]  # escaped

    @classmethod
    def of(cls, request: HttpRequest, workers: Iterable[User], back: str) -> SignalRows:
        return cls(
            csrf=esc(get_token(request)),
            back=esc(back),
            workers=[(worker.pk, esc(_worker_name(worker))) for worker in workers],
            detail_url=url_for_pk("schooling:signal"),
            acknowledge_url=url_for_pk("schooling:signal_acknowledge"),
            assign_url=url_for_pk("schooling:signal_assign"),
            texts={
                key: esc(str(text))
                for key, text in {
                    "not_applicable": _("not applicable"),
                    "nobody": _("Nobody yet"),
                    "acknowledge": _("Acknowledge"),
                    "assign": _("Assign"),
                    "followed_up": _("See the follow-up"),
                    **{f"source:{value}": label for value, label in SignalSource.choices},
                    **{f"status:{value}": label for value, label in SignalStatus.choices},
                }.items()
            },
        )

    def _text(self, key: str, fallback: Any) -> str:
        return self.texts.get(key) or esc(fallback)

    def _actions(self, signal: Signal, person: str) -> str:
        hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="next" value="{self.back}">'
        )
        if signal.status == SignalStatus.FOLLOWED_UP:
            return f'<span class="meta">{self.texts["followed_up"]}</span>'
        if signal.status not in (SignalStatus.NEW, SignalStatus.ACKNOWLEDGED):
            return ""
        target = f"#signal-{signal.pk}"
        parts = []
        if signal.status == SignalStatus.NEW:
            url = self.acknowledge_url(signal.pk)
            parts.append(
                f'<form method="post" action="{url}" class="inline-form" data-hx-post="{url}"'
                f' data-hx-target="{target}" data-hx-swap="outerHTML">{hidden}'
                f'<button type="submit" class="secondary">{self.texts["acknowledge"]}'
                f'<span class="visually-hidden"> {person}</span></button></form>'
            )
        url = self.assign_url(signal.pk)
        label = esc(_("Assign the signal of %(name)s to") % {"name": signal.person.first_name})
        chosen = signal.assigned_to_id
        options = "".join(
            f'<option value="{pk}"{" selected" if pk == chosen else ""}>{name}</option>'
            for pk, name in self.workers
        )
        parts.append(
            f'<form method="post" action="{url}" class="inline-form assign" data-hx-post="{url}"'
            f' data-hx-target="{target}" data-hx-swap="outerHTML">{hidden}'
            f'<label for="assign-{signal.pk}" class="visually-hidden">{label}</label>'
            f'<select id="assign-{signal.pk}" name="assign-worker" required>'
            f'<option value="">—</option>{options}</select>'
            f'<button type="submit" class="secondary">{self.texts["assign"]}</button></form>'
        )
        return "".join(parts)

    def row(self, signal: Signal, error: str = "") -> SafeString:
        person = f"{esc(signal.person.first_name)} {esc(signal.person.last_name)}"
        school = esc(signal.school.organisation.name) if signal.school else "—"
        half_days = (
            f"{signal.half_days}"
            if signal.half_days is not None
            else f'<span aria-hidden="true">—</span>'
            f'<span class="visually-hidden">{self.texts["not_applicable"]}</span>'
        )
        assigned = (
            esc(_worker_name(signal.assigned_to))
            if signal.assigned_to
            else f'<span class="meta">{self.texts["nobody"]}</span>'
        )
        alert = f'<p class="form-errors" role="alert">{esc(error)}</p>' if error else ""
        status = esc(signal.status)
        return mark_safe(  # noqa: S308 (every value is escaped above)
            f'<tr id="signal-{signal.pk}">'
            f'<td><a href="{self.detail_url(signal.pk)}">{person}</a></td>'
            f"<td>{school}</td>"
            f"<td>{self._text(f'source:{signal.source}', signal.get_source_display())}</td>"
            f'<td class="num">{half_days}</td>'
            f'<td class="nowrap">{signal.raised_on:%d/%m/%Y}</td>'
            f'<td><span class="badge signal-{status}">'
            f"{self._text(f'status:{signal.status}', signal.get_status_display())}</span></td>"
            f"<td>{assigned}</td>"
            f'<td class="row-actions">{alert}{self._actions(signal, person)}</td>'
            "</tr>"
        )

    def rows(self, signals: Iterable[Signal]) -> SafeString:
        return mark_safe("\n".join(self.row(signal) for signal in signals))  # noqa: S308
