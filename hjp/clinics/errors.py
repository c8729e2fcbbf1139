"""Why a change to a clinic or a booking was refused, in words the user can act on."""


class ClinicError(Exception):
    """A change the clinic rules do not allow; the message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class SlotTaken(ClinicError):
    """Someone else booked the slot first."""
