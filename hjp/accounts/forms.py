"""Forms for logging in and choosing which organisation to act for."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

LOGIN_INVALID = "Enter a correct email address and password"
SELECT_ORGANISATION = "Select the organisation you are working for"
CODE_MISSING = "Enter the code from your authenticator app or a recovery code"


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


class SecondFactorForm(forms.Form):
    """A code from the user's authenticator app, or one of their recovery codes."""

    code = forms.CharField(
        label="Security code",
        max_length=40,
        strip=True,
        error_messages={
            "required": "Enter the code from your authenticator app or a recovery code"
        },
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        strip=True,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code your authenticator app shows")
        return code
