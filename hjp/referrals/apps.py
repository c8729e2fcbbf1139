from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hjp.referrals"
    label = "referrals"
