from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjp.core"
    label = "core"
