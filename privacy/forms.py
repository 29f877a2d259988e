from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    """
    Erasing one's own account asks for the password again, through `authenticate`, so a
    session left open on a shared computer is not enough, and wrong guesses count towards
    the same lockout as signing in.
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_password(self):
        password = self.cleaned_data["password"]
        signed_in = authenticate(self.request, username=self.user.get_username(), password=password)
        if signed_in is None or signed_in.pk != self.user.pk:
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
