from django.urls import path

from maillage.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.endpoint_list, name="endpoint_list"),
    path("webhooks/nouveau/", views.endpoint_create, name="endpoint_create"),
    path("webhooks/<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("webhooks/<int:pk>/modifier/", views.endpoint_edit, name="endpoint_edit"),
    path("webhooks/<int:pk>/activer/", views.endpoint_enable, name="endpoint_enable"),
    path("webhooks/<int:pk>/desactiver/", views.endpoint_disable, name="endpoint_disable"),
    path("webhooks/<int:pk>/supprimer/", views.endpoint_delete, name="endpoint_delete"),
    path("webhooks/<int:pk>/tester/", views.endpoint_ping, name="endpoint_ping"),
    path(
        "webhooks/<int:pk>/nouveau-secret/",
        views.endpoint_rotate_secret,
        name="endpoint_rotate_secret",
    ),
    path(
        "webhooks/livraisons/<int:pk>/renvoyer/",
        views.delivery_redeliver,
        name="delivery_redeliver",
    ),
]
