from django.urls import path


app_name = "venues"
urlpatterns = []
