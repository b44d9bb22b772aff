app_name = "schooling"

urlpatterns: list = []
