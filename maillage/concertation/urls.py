from django.urls import path

from maillage.concertation.views import meetings, platforms, public

app_name = "concertation"

urlpatterns = [
    path("plateformes/", platforms.platform_list, name="platform_list"),
    path("plateformes/nouvelle/", platforms.platform_create, name="platform_create"),
    path("plateformes/<int:pk>/", platforms.platform_detail, name="platform"),
    path("plateformes/<int:pk>/modifier/", platforms.platform_edit, name="platform_edit"),
    path("plateformes/<int:pk>/membres/ajout/", platforms.member_add, name="member_add"),
    path("plateformes/<int:pk>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("mes-actions/", platforms.my_actions, name="my_actions"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/ordre-du-jour/ajout/", meetings.agenda_add, name="agenda_add"),
    path("reunions/<int:pk>/decisions/ajout/", meetings.decision_add, name="decision_add"),
    path("reunions/<int:pk>/pv/", meetings.minutes_save, name="minutes_save"),
    path("reunions/<int:pk>/actions/ajout/", meetings.action_add, name="action_add"),
    path("reunions/<int:pk>/presences/", meetings.attendance_save, name="attendance_save"),
    path("reunions/<int:pk>/invitations/", meetings.invitations_send, name="invitations_send"),
    path("reunions/<int:pk>/inscription/", meetings.conference_register, name="register"),
    path("reunions/<int:pk>/reunion.ics", meetings.meeting_ics, name="meeting_ics"),
    path("actions/<int:pk>/statut/", meetings.action_status, name="action_status"),
    # The public page of a themed conference, without an account
    path("public/conferences/<int:pk>/", public.conference, name="public_conference"),
    path("public/conferences/<int:pk>/merci/", public.thanks, name="public_thanks"),
]
