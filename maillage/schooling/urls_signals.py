"""URLs of the schooling area: the signal inbox. Every action on a signal is a POST."""

from django.urls import URLPattern, path

from maillage.schooling.views import signals as views

urlpatterns: list[URLPattern] = [
    path("scolarite/signalements/", views.signal_list, name="signal_list"),
    path("scolarite/signalements/nouveau/", views.signal_create, name="signal_create"),
    path("scolarite/signalements/<int:pk>/", views.signal_detail, name="signal"),
    path(
        "scolarite/signalements/<int:pk>/prise-en-compte/",
        views.signal_acknowledge,
        name="signal_acknowledge",
    ),
    path(
        "scolarite/signalements/<int:pk>/attribution/",
        views.signal_assign,
        name="signal_assign",
    ),
    path("scolarite/signalements/<int:pk>/cloture/", views.signal_close, name="signal_close"),
    path(
        "scolarite/signalements/<int:pk>/accompagnement/",
        views.signal_follow_up,
        name="signal_follow_up",
    ),
]
