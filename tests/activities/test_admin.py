"""The Django admin of the collective axis: the administrator enters the school holidays;
activities are only looked at there; registrations are not in it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from maillage.activities.models import Registration, SchoolHoliday

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user, org_a):
    user = make_user("root@a.example", (org_a, "administrator"))
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_administrator_enters_a_school_holiday_period(login, superuser):
    client = login(superuser)
    url = reverse("admin:activities_schoolholiday_add")
    response = client.post(
        url, {"name": "Congé de détente 2027", "starts_on": "08/02/2027", "ends_on": "21/02/2027"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = SchoolHoliday.objects.get()
    assert (holiday.starts_on, holiday.ends_on) == (date(2027, 2, 8), date(2027, 2, 21))
    listing = client.get(reverse("admin:activities_schoolholiday_changelist")).content.decode()
    assert "Congé de détente 2027" in listing


def test_a_period_ending_before_it_starts_is_refused(login, superuser):
    response = login(superuser).post(
        reverse("admin:activities_schoolholiday_add"),
        {"name": "À l'envers", "starts_on": "21/02/2027", "ends_on": "08/02/2027"},
    )
    assert response.status_code == 200
    assert not SchoolHoliday.objects.exists()


def test_activities_are_read_only_and_registrations_absent(login, superuser, camp):
    client = login(superuser)
    listing = client.get(reverse("admin:activities_activity_changelist"))
    assert listing.status_code == 200 and "Stage nature" in listing.content.decode()
    page = client.get(reverse("admin:activities_activity_change", args=[camp.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        reverse("admin:activities_activity_change", args=[camp.pk]), {"title": "Changé"}
    )
    assert response.status_code == 403
    camp.refresh_from_db()
    assert camp.title == "Stage nature"
    assert client.get(reverse("admin:activities_activity_add")).status_code == 403
    assert not admin.site.is_registered(Registration)
