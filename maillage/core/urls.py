from django.urls import path

from maillage.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/changer/", views.organisation_switch, name="organisation_switch"),
    path("organisation/modifier/", views.organisation_edit, name="organisation_edit"),
    path("mon-compte/", views.account, name="account"),
    path("equipe/", views.team, name="team"),
    path("equipe/ajouter/", views.member_invite, name="member_invite"),
    path("equipe/<int:pk>/", views.member_edit, name="member_edit"),
    path("equipe/<int:pk>/retirer/", views.member_end, name="member_end"),
    path("journal/", views.audit_list, name="audit"),
    path("journal/export/", views.audit_export, name="audit_export"),
    path("taches/<uuid:pk>/", views.job_detail, name="job"),
    path("taches/<uuid:pk>/fichier/", views.job_download, name="job_download"),
]
