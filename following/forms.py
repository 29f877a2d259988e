from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Follower


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = Follower
        fields = ("frequency",)
        labels = {"frequency": _("Digest e-mail")}
        help_texts = {
            "frequency": _(
                "Newly approved progress, new resolutions touching what you follow and "
                "reporting deadlines coming due, in one message."
            )
        }
