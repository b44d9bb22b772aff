"""The areas of the work not built yet, as the navigation shows them. Each app replaces its
entry's placeholder page with its own when it lands (the individual, collective and
community axes, the network and schooling have)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    title: Promise
    intro: Promise
    covers: tuple[Promise, ...]


AREAS = {
    "programmes": Area(
        "programmes",
        _("Programmes"),
        _(
            "Programmes, funders and envelopes, indicators and period reports with "
            "anonymised figures."
        ),
        (
            _("Programmes and budgets"),
            _("Indicators and targets"),
            _("Activity reports for funders"),
        ),
    ),
}
