from django.contrib import admin
from django.urls import include, path

from maillage.core.urlindex import IndexedResolver

# The areas' routes share the root: the indexed resolver tries only those a path's first
# segment can match (core/urlindex.py), not all of them one after the other.
areas = IndexedResolver([
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
])  # fmt: skip

urlpatterns = [
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    areas,
]

handler403 = "maillage.core.errors.permission_denied"
handler404 = "maillage.core.errors.page_not_found"
handler500 = "maillage.core.errors.server_error"
