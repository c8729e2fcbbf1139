from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "hjp.geography"
    label = "geography"
