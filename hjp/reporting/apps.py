from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "hjp.reporting"
    label = "reporting"
