"""The demo log-ins: one shared, freshly generated password, shown once and kept in a file."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from hjp.accounts.actor import Actor
from hjp.accounts.models import Role, User
from hjp.audit import services as audit
from hjp.demo.world import PARTNERSHIP_NAME, USER_SPECS, DemoWorld

PASSWORD_LABEL = "Password for every demo user:"


@dataclass(frozen=True)
class Login:
    role: str
    name: str
    organisation: str
    email: str


def new_demo_password(users: list[User]) -> str:
    """A fresh random password that passes the site's password validators for every user."""
    while True:
        password = f"Demo-{secrets.token_urlsafe(12)}"
        try:
            for user in users:
                validate_password(password, user)
        except ValidationError:
            continue
        return password


def set_demo_password(users: list[User], *, by: Actor) -> str:
    password = new_demo_password(users)
    # Hashed once, not once per user: the demo users share it anyway, and loading stays quick.
    encoded = make_password(password)
    for user in users:
        user.password = encoded
        user.save(update_fields=["password"])
        audit.record(by, audit.Action.UPDATE, user, detail={"fields": ["password"]})
    return password


def logins_of(world: DemoWorld) -> list[Login]:
    """One line per demo user, in the order roles are listed, with their first organisation."""
    role_order = list(Role.values)
    logins = []
    for spec in sorted(USER_SPECS, key=lambda spec: role_order.index(spec.role)):
        organisations = [world.organisations[key].name for key, _ in spec.memberships]
        organisation = organisations[0]
        if len(organisations) > 1:
            organisation += f" (+{len(organisations) - 1} more)"
        logins.append(Login(Role(spec.role).label, spec.full_name, organisation, spec.email))
    return logins


def second_factor_note() -> str:
    if settings.HJP_MFA_REQUIRED:
        return "Each user sets up an authenticator app at their first log-in (docs/security.md)."
    return "Log-in security codes are off for this demo; HJP_MFA_REQUIRED=1 make run turns them on."


def credentials_table(password: str, logins: list[Login]) -> str:
    """The demo log-ins as a plain-text table, for the terminal and the credentials file."""
    header = Login("Role", "Name", "Organisation", "Email")
    columns = list(Login.__dataclass_fields__)
    widths = [max(len(getattr(row, column)) for row in [header, *logins]) for column in columns]

    def line(row: Login) -> str:
        cells = [
            getattr(row, column).ljust(width) for column, width in zip(columns, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    return "\n".join(
        [
            f"Demo log-ins for the {PARTNERSHIP_NAME} (fictional people and organisations).",
            f"Log in at {reverse('accounts:login')} with an email address below.",
            second_factor_note(),
            "",
            f"{PASSWORD_LABEL} {password}",
            "",
            line(header),
            "  ".join("-" * width for width in widths),
            *(line(login) for login in logins),
            "",
        ]
    )


def write_credentials(path: Path, password: str, logins: list[Login]) -> None:
    """Write the log-ins where only the owner can read them (the file holds a password)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(credentials_table(password, logins))
    os.chmod(path, 0o600)
