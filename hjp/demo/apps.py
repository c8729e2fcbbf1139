from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo partnership (`manage.py load_demo`); the one app that imports them all."""

    name = "hjp.demo"
    label = "demo"
    verbose_name = "Demo partnership"
