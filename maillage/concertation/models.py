"""Concertation platforms (seeds 002, 003): who meets, their meetings and what they decide.

A platform is run by one organisation (its `organisation`) and gathers member
organisations and member people: users of those organisations, or people from outside
known by their name, e-mail and organisation. It is seen by the users of the running
organisation and of every member organisation; only the running organisation manages it.

A meeting has its agenda, attendance, minutes, decisions and action items. An action item
raised at a meeting and still open is carried over to the agenda of every later meeting of
the platform until it is closed. A themed conference is a meeting open to registration.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.scoping import OrganisationScopedModel, ScopedQuerySet, current_organisation_id


class PlatformQuerySet(ScopedQuerySet["Platform"]):
    def visible_to(self, user: Any) -> PlatformQuerySet:
        """Platforms run by, or counting as a member, the organisation the user acts for."""
        org_id = current_organisation_id(user)
        if org_id is None:
            return self.none()
        members = Platform.member_organisations.through.objects.filter(organisation_id=org_id)
        return self.filter(Q(organisation_id=org_id) | Q(pk__in=members.values("platform_id")))


class Platform(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="platforms",
        verbose_name=_("run by"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("purpose"), blank=True)
    member_organisations = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="member_platforms",
        verbose_name=_("member organisations"),
    )
    public_registration = models.BooleanField(
        _("people without an account may register for its conferences"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("concertation platform")
        verbose_name_plural = _("concertation platforms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("concertation:platform", kwargs={"pk": self.pk})


class ByPlatformQuerySet[M: models.Model](ScopedQuerySet[M]):
    """Rows of a platform: seen by whoever sees the platform."""

    def visible_to(self, user: Any) -> ByPlatformQuerySet[M]:
        return self.filter(platform__in=Platform.objects.visible_to(user))


class Member(OrganisationScopedModel):
    """A person of the platform: a user, or someone from outside without an account."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platform_memberships",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: Any = ByPlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("member of a platform")
        verbose_name_plural = _("members of a platform")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "user"],
                condition=Q(user__isnull=False),
                name="platform_member_user_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_name})" if self.organisation_name else self.name


class MeetingQuerySet(ByPlatformQuerySet["Meeting"]):
    def open_for_public(self) -> MeetingQuerySet:
        return self.filter(
            is_conference=True,
            public_registration=True,
            platform__public_registration=True,
            organisation__is_active=True,
        )


class Meeting(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)
    is_conference = models.BooleanField(_("themed conference, open to registration"), default=False)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    public_registration = models.BooleanField(
        _("registration without an account (public page)"), default=False
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    # The iCalendar SEQUENCE: raised when what a calendar shows changes, so that the members'
    # calendars replace the invitation they hold (RFC 5546).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: Any = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-starts_at"]
        indexes = [models.Index(fields=["platform", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_times_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("concertation:meeting", kwargs={"pk": self.pk})


class AgendaItem(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("agenda item"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"


class Decision(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    # An action item is feminine in French ("une action"): contexts keep the agreement.
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done")
    DROPPED = "dropped", pgettext_lazy("action item", "Dropped")


class ActionItemQuerySet(ByPlatformQuerySet["ActionItem"]):
    def carried_to(self, meeting: Meeting) -> ActionItemQuerySet:
        """Action items of the platform's earlier meetings that were still open on the day
        of `meeting`: open now, or closed on that day or later."""
        earlier = Q(meeting__date__lt=meeting.date) | Q(
            meeting__date=meeting.date, meeting__starts_at__lt=meeting.starts_at
        )
        return self.filter(earlier, platform_id=meeting.platform_id).filter(
            Q(status=ActionStatus.OPEN) | Q(closed_on__gte=meeting.date)
        )


class ActionItem(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_in = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_action_items",
        verbose_name=_("closed at the meeting"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: Any = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["platform", "status"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.text


class RegistrationSource(models.TextChoices):
    MEMBER = "member", _("Member")
    PUBLIC = "public", _("Public page")


class ConferenceRegistration(OrganisationScopedModel):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    source = models.CharField(_("registered"), max_length=10, choices=RegistrationSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference registration")
        verbose_name_plural = _("conference registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="conference_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.meeting}"
