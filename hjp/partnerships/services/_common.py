"""What the partnership services share: refusing with errors against the fields at fault."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def refuse(**errors: str) -> None:
    """Raise one ValidationError naming the fields at fault (`all` for the whole form)."""
    raise ValidationError(
        {
            NON_FIELD_ERRORS if field == "all" else field: message
            for field, message in errors.items()
        }
    )
