from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "hjp.clinics"
    label = "clinics"
