from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("maillage.core.urls")),
    path("", include("maillage.people.urls")),
    path("", include("maillage.casework.urls")),
    path("", include("maillage.privacy.urls")),
    path("", include("maillage.activities.urls")),
    path("", include("maillage.directory.urls")),
    path("", include("maillage.network.urls")),
    path("", include("maillage.concertation.urls")),
    path("", include("maillage.community.urls")),
    path("", include("maillage.schooling.urls")),
    path("", include("maillage.programmes.urls")),
    path("", include("maillage.website.urls")),
    path("", include("maillage.newsletter.urls")),
    path("", include("maillage.webhooks.urls")),
    path("", include("maillage.api.urls")),
]

handler403 = "maillage.core.errors.permission_denied"
handler404 = "maillage.core.errors.page_not_found"
handler500 = "maillage.core.errors.server_error"
