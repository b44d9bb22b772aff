"""URLs of the programmes area: programmes."""

urlpatterns: list = []
