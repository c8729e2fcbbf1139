from django.urls import path

from hjp.privacy import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("people/", views.find_person, name="find_person"),
    path("people/<uuid:person_pk>/", views.person, name="person"),
    path("integrity", views.verify, name="verify"),
]
