from django.urls import path


app_name = "gallery"
urlpatterns = []
