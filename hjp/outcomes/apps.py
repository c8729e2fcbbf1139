from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "hjp.outcomes"
    label = "outcomes"
