"""System checks for log-in security settings."""

from django.conf import settings
from django.core import checks

MFA_OFF = checks.Warning(
    "HJP_MFA_REQUIRED is off while DEBUG is off: staff can reach personal data with a password "
    "alone.",
    hint="Only a local demonstration may switch the second factor off. Unset HJP_MFA_REQUIRED "
    "(it defaults to on) for any real deployment.",
    id="hjp.W001",
)


@checks.register(checks.Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    if not settings.HJP_MFA_REQUIRED and not settings.DEBUG:
        return [MFA_OFF]
    return []
