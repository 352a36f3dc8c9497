

app_name = "events"
urlpatterns = []
