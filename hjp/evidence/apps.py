from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "hjp.evidence"
    label = "evidence"
