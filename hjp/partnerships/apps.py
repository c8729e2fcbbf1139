from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "hjp.partnerships"
    label = "partnerships"
