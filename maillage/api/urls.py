from django.urls import include, path

from maillage.api import views
from maillage.api.api import api

app_name = "api"
urlpatterns = [
    path("api/jetons/", views.token_list, name="token_list"),
    path("api/jetons/nouveau/", views.token_create, name="token_create"),
    path("api/jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    # ninja's routes, in this namespace ("api"), which is the API's urls_namespace.
    path("api/v1/", include(api.urls[0])),
]
