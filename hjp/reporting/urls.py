from django.urls import path

from hjp.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("partnerships/<uuid:partnership_pk>/", views.dashboard, name="dashboard"),
    path("packs/<uuid:snapshot_pk>/", views.snapshot, name="snapshot"),
    path("packs/<uuid:snapshot_pk>/<slug:fmt>/", views.download, name="download"),
]
