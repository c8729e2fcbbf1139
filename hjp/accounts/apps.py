from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjp.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hjp.accounts import checks, lockout  # noqa: F401  (connects receivers and checks)
