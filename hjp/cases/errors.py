"""Why a change to a case was refused, in words an adviser can act on."""

CASE_CLOSED = "This case is closed. Reopen it to change it"


class CaseworkError(Exception):
    """A change to a case the rules do not allow; the message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        # The form field the error belongs to, when there is one, for the error summary's link.
        self.field = field
