from django.urls import path

from maillage.activities.views import activities, attendance, exports, feeds, public, registrations

app_name = "activities"

urlpatterns = [
    # The team's pages
    path("activites/", activities.activity_list, name="activity_list"),
    path("activites/nouvelle/", activities.activity_create, name="activity_create"),
    path("activites/<int:pk>/", activities.activity_detail, name="activity"),
    path("activites/<int:pk>/modifier/", activities.activity_edit, name="activity_edit"),
    path("activites/<int:pk>/seances/ajout/", activities.session_add, name="session_add"),
    path(
        "activites/<int:pk>/seances/generer/",
        activities.sessions_generate,
        name="sessions_generate",
    ),
    path("seances/<int:pk>/supprimer/", activities.session_remove, name="session_remove"),
    path("activites/<int:pk>/tarifs/ajout/", activities.price_add, name="price_add"),
    path("tarifs/<int:pk>/supprimer/", activities.price_remove, name="price_remove"),
    path(
        "activites/<int:pk>/inscriptions/nouvelle/",
        registrations.registration_create,
        name="registration_create",
    ),
    path("inscriptions/<int:pk>/", registrations.registration_detail, name="registration"),
    path(
        "inscriptions/<int:pk>/annuler/",
        registrations.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "inscriptions/<int:pk>/tarif/", registrations.registration_price, name="registration_price"
    ),
    path("inscriptions/<int:pk>/paiement/", registrations.payment_update, name="payment_update"),
    path("inscriptions/<int:pk>/recu.pdf", registrations.receipt_pdf, name="receipt"),
    path("paiements/", registrations.payment_by_reference, name="payment_by_reference"),
    # Attendance, on a phone
    path("seances/<int:pk>/", attendance.session_detail, name="session"),
    path(
        "seances/<int:pk>/presences/<int:registration_pk>/",
        attendance.attendance_set,
        name="attendance_set",
    ),
    path(
        "seances/<int:pk>/presences/tous-presents/",
        attendance.attendance_rest_present,
        name="attendance_rest_present",
    ),
    path("seances/<int:pk>/effectif/", attendance.session_headcount, name="session_headcount"),
    # Lists and exports
    path(
        "activites/<int:pk>/participants.xlsx",
        exports.participants_xlsx,
        name="participants_xlsx",
    ),
    path("activites/<int:pk>/participants.pdf", exports.participants_pdf, name="participants_pdf"),
    path("activites/<int:pk>/presences.xlsx", exports.attendance_xlsx, name="attendance_xlsx"),
    path("activites/<int:pk>/presences.pdf", exports.attendance_pdf, name="attendance_pdf"),
    # Calendars
    path("activites/<int:pk>/seances.ics", feeds.activity_ics, name="activity_ics"),
    path("mon-agenda/", feeds.my_calendar, name="my_calendar"),
    path("mon-agenda/nouvelle-adresse/", feeds.feed_regenerate, name="feed_regenerate"),
    path("agenda/<str:token>.ics", feeds.worker_feed, name="worker_feed"),
    # The public calendar, without an account
    path("public/activites/", public.calendar, name="public_calendar"),
    path("public/activites/<int:pk>/", public.activity, name="public_activity"),
    path("public/activites/<int:pk>/inscription/", public.register, name="public_register"),
    path("public/activites/<int:pk>/merci/", public.thanks, name="public_thanks"),
    path("public/activites/<int:pk>/seances.ics", public.activity_ics, name="public_activity_ics"),
]
