from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "hjp.consultations"
    label = "consultations"
