from django.urls import path

from maillage.bench.bare.views import page

urlpatterns = [path("page-nue/", page, name="bare_page")]
