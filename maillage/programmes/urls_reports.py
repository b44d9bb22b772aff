"""URLs of the programmes area: reports."""

urlpatterns: list = []
