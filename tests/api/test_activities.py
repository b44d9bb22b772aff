"""GET /activities: the public ones without a token, the organisation's own too with
`activities:read`; never another organisation's unpublished ones."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from maillage.api.models import Scope
from tests.api.conftest import today

pytestmark = pytest.mark.django_db


def test_without_a_token_only_published_activities(anon, camp, private_activity):
    body = anon.get("/activities").json()
    assert [a["title"] for a in body["items"]] == ["Stage nature"]
    assert body["items"][0]["free_places"] == 2
    assert body["items"][0]["prices"][0]["amount"] == "60.00"
    assert anon.get(f"/activities/{private_activity.pk}").status_code == 404
    assert anon.get(f"/activities/{private_activity.pk}/sessions").status_code == 404


def test_a_token_with_activities_read_sees_its_own_unpublished(
    token_for, org_a, camp, private_activity
):
    api = token_for(org_a, Scope.ACTIVITIES_READ)
    assert api.get("/activities").json()["count"] == 2
    assert api.get(f"/activities/{private_activity.pk}").json()["is_public"] is False
    sessions = api.get(f"/activities/{private_activity.pk}/sessions").json()
    # RFC 3339's time, as `format: time` says: with the offset Brussels has that day.
    day = date.fromisoformat(sessions[0]["date"])
    offset = datetime.combine(day, time(14), ZoneInfo("Europe/Brussels")).strftime("%z")
    assert [s["starts_at"] for s in sessions] == [f"14:00:00{offset[:3]}:{offset[3:]}"]


def test_without_the_scope_a_token_sees_the_public_calendar(
    token_for, org_a, camp, private_activity
):
    api = token_for(org_a, Scope.SIGNALS_READ)
    assert api.get("/activities").json()["count"] == 1


def test_another_organisation_never_sees_unpublished_activities(b_all, camp, private_activity):
    assert [a["id"] for a in b_all.get("/activities").json()["items"]] == [camp.pk]
    assert b_all.get(f"/activities/{private_activity.pk}").status_code == 404
    assert (
        b_all.get(f"/activities/{private_activity.pk}").json()
        == b_all.get("/activities/2000000000").json()
    )


def test_filters_by_dates_commune_kind_and_age(anon, make_activity, org_a):
    make_activity(org_a, title="Passé", starts_on=today() - timedelta(days=30))
    make_activity(
        org_a, title="Bientôt", starts_on=today() + timedelta(days=3), age_min=15, age_max=18
    )
    make_activity(org_a, title="Plus tard", starts_on=today() + timedelta(days=60), kind="event")
    titles = lambda **q: [a["title"] for a in anon.get("/activities", **q).json()["items"]]  # noqa: E731
    assert titles() == ["Passé", "Bientôt", "Plus tard"]
    assert titles(**{"from": today().isoformat()}) == ["Bientôt", "Plus tard"]
    assert titles(to=(today() + timedelta(days=10)).isoformat()) == ["Passé", "Bientôt"]
    assert titles(kind="event") == ["Plus tard"]
    assert titles(age=16) == ["Bientôt"]
    assert titles(commune="Uccle") == []
    assert anon.get("/activities", **{"from": "demain"}).status_code == 422
