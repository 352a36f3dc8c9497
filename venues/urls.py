from django.urls import path

from venues import views

app_name = "venues"
urlpatterns = [
    path("", views.venue_index, name="index"),
    path("<slug:slug>/", views.venue_detail, name="venue"),
]
