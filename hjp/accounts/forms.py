"""Forms for logging in and choosing which organisation to act for."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

LOGIN_INVALID = "Enter a correct email address and password"
SELECT_ORGANISATION = "Select the organisation you are working for"


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label="Email address", max_length=254)
    error_messages = {
        "invalid_login": LOGIN_INVALID,
        "inactive": "This account has been switched off. Ask your administrator.",
    }


class SwitchMembershipForm(forms.Form):
    membership = forms.ChoiceField(
        label="Which organisation are you working for?",
        widget=forms.RadioSelect,
        error_messages={"required": SELECT_ORGANISATION, "invalid_choice": SELECT_ORGANISATION},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [(str(m.pk), str(m)) for m in memberships]
