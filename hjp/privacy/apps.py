from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy officer's pages over the audit trail: search, access to a person, integrity."""

    name = "hjp.privacy"
    label = "privacy"
    verbose_name = "Privacy officer"
