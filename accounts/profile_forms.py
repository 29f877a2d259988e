"""Forms of the person's own pages: name, language and time zone, and a new e-mail address."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import time_zone_choices


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", "—"), *settings.LANGUAGES],
        help_text=_("Pages and e-mails in this language; empty: the browser's language."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Dates and times on the pages are shown in it. Empty: the site's own (UTC)."),
    )

    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name")
        labels = {"first_name": _("First name"), "last_name": _("Last name")}

    def __init__(self, *args, time_zone="", language="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", _("The site's own"))] + time_zone_choices()
        self.fields["time_zone"].initial = time_zone
        self.fields["language"].initial = language


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        help_text=_("A link is sent there; your address changes once you follow it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError(_("This is your address already."))
        return email
