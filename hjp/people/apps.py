from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hjp.people"
    label = "people"
