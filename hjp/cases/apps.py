from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hjp.cases"
    label = "cases"
