from django.urls import path

from maillage.newsletter.views import public, team

app_name = "newsletter"

urlpatterns = [
    # The team's pages
    path("lettre/", team.index, name="index"),
    path("lettre/abonnes/", team.subscriber_list, name="subscribers"),
    path("lettre/numeros/nouveau/", team.issue_create, name="issue_create"),
    path("lettre/numeros/<int:pk>/", team.issue_detail, name="issue"),
    path("lettre/numeros/<int:pk>/modifier/", team.issue_edit, name="issue_edit"),
    path("lettre/numeros/<int:pk>/apercu/", team.issue_preview, name="issue_preview"),
    path("lettre/numeros/<int:pk>/envoyer/", team.issue_send, name="issue_send"),
    path("lettre/numeros/<int:pk>/journal/", team.issue_log, name="issue_log"),
    # Public, without an account: the organisation's page (website) links here
    path("o/<slug:slug>/lettre/", public.subscribe, name="subscribe"),
    path("o/<slug:slug>/lettre/envoye/", public.subscribe_sent, name="subscribe_sent"),
    path("o/<slug:slug>/lettre/confirmer/<str:token>/", public.confirm, name="confirm"),
    path(
        "o/<slug:slug>/lettre/desinscription/<str:token>/",
        public.unsubscribe,
        name="unsubscribe",
    ),
]
