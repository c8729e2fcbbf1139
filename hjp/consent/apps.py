from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "hjp.consent"
    label = "consent"
