from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

WRONG_CODE = (
    "That code is not right or has expired. Type the current code from your authenticator "
    "app, or one of your recovery codes."
)


def throttled_message(verification) -> str:
    seconds = verification.wait_seconds
    return ngettext(
        "Too many wrong codes: wait %(seconds)d second and try again.",
        "Too many wrong codes: wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


class CodeForm(forms.Form):
    """
    A code from the authenticator app or a recovery code. `check` is called with what was
    typed and returns a twofactor.Verification; the accepted one is kept as `verification`.
    """

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("The six digits your authenticator app shows now, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "autofocus": True}
        ),
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.verification = None

    def clean_otp_token(self):
        code = self.cleaned_data["otp_token"]
        verification = self.check(code)
        if verification.throttled:
            raise forms.ValidationError(throttled_message(verification), code="throttled")
        if not verification.accepted:
            raise forms.ValidationError(WRONG_CODE, code="wrong_code")
        self.verification = verification
        return code


class EnrolForm(CodeForm):
    """The first code of a new authenticator, which turns it on."""

    otp_token = forms.CharField(
        label=_("Code from the app"),
        max_length=64,
        help_text=_("The six digits the app shows for this account once you have added it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class DisableForm(CodeForm):
    """Turning two-factor off takes the password and a current or recovery code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "otp_token"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["otp_token"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password

    def clean_otp_token(self):
        """The code is checked (and a recovery code used up) only after a right password."""
        if "password" in self.errors:
            return self.cleaned_data["otp_token"]
        return super().clean_otp_token()
