from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "hjp.directory"
    label = "directory"
