"""Background work for accounts (django-tasks; run by `db_worker`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

RESET_EMAIL = "accounts/email/password_reset.txt"
RESET_SUBJECT = "accounts/email/password_reset_subject.txt"


@task()
def send_password_reset(*, email: str) -> int:
    """Email a password-reset link to each active account with this address (none if no account
    has it). Run in the background so that asking answers alike for known and unknown addresses.
    """
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(form.cleaned_data["email"]))
    if users:
        site = urlsplit(settings.HJP_SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=RESET_EMAIL,
            subject_template_name=RESET_SUBJECT,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
    return len(users)
