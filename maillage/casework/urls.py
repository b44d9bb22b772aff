from django.urls import path

from maillage.casework import glass

app_name = "casework"

urlpatterns = [
    path("suivis/<int:pk>/bris-de-glace/", glass.break_glass, name="followup_break_glass"),
]
