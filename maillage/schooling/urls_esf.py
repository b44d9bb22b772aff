"""URLs of the schooling area: each young person's school / work situation over time, and
the ESF+ participant records."""

from django.urls import path

from maillage.schooling.views import esf as views
from maillage.schooling.views import status

urlpatterns = [
    path("jeunes/<int:pk>/situation/", status.status_timeline_view, name="status_timeline"),
    path("jeunes/<int:pk>/situation/nouvelle/", status.status_create, name="status_create"),
    path("scolarite/participants/", views.participant_list, name="participant_list"),
    path("scolarite/participants/nouveau/", views.participant_create, name="participant_create"),
    path(
        "scolarite/participants/resultats-a-encoder/",
        views.results_due_list,
        name="results_due",
    ),
    path("scolarite/participants/<int:pk>/", views.participant_detail, name="participant"),
    path(
        "scolarite/participants/<int:pk>/sortie/", views.participant_exit, name="participant_exit"
    ),
    path(
        "scolarite/participants/<int:pk>/reentree/",
        views.participant_reenter,
        name="participant_reenter",
    ),
    path(
        "scolarite/participants/<int:pk>/resultat/<slug:moment>/",
        views.participant_result,
        name="participant_result",
    ),
]
