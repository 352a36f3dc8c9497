from django.urls import path

from gallery import views

app_name = "gallery"
urlpatterns = [
    path("", views.exhibit_index, name="index"),
    path("<slug:slug>/", views.exhibit_detail, name="exhibit"),
]
