"""What every public form must show where people type their data (GDPR art. 13), checked the
same way by each app's tests: see maillage/core/privacy_notices.py."""

from __future__ import annotations

from django.utils.html import escape

from maillage.core.models import Organisation


def privacy_notice(html: str) -> str:
    """The notice's own markup on a page; fails when the page has none, or several."""
    parts = html.split('<div class="privacy-notice">')
    assert len(parts) == 2, f"expected one privacy notice, found {len(parts) - 1}"
    return parts[1].split("</div>")[0]


def assert_privacy_notice(html: str, organisation: Organisation, how_long: str) -> None:
    """Who, why, how long, the rights and where to use them, the complaint, the full policy."""
    notice = privacy_notice(html)
    assert "Vos données personnelles" in notice
    assert f"{escape(organisation.name)} utilise ce que vous indiquez ici pour " in notice
    assert escape(how_long) in notice, notice
    contact = organisation.dpo_email or organisation.email
    if contact:
        assert f'écrivez à <a href="mailto:{contact}">{contact}</a>' in notice
    else:
        assert f"corriger ou effacer, contactez {escape(organisation.name)}." in notice
    assert "Autorité de protection des données" in notice
    assert f'href="/o/{organisation.slug}/vie-privee/"' in notice
