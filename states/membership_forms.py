"""Forms of the organization pages: inviting, roles, and joining through an invitation."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from .choices import MembershipRole


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation link is sent here; it works once, for a limited time."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_("Members record progress; coordinators also invite and manage members."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class JoinWithNewAccountForm(BaseUserCreationForm):
    """A new account for the invited address: a name, a user name and a password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("first_name", "last_name", "username")
        labels = {"username": _("User name")}

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        self.fields["password1"].label = _("Password")
        # The validators' rules as one paragraph (Django's own help is a list).
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["password2"].label = _("Password again")
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["first_name"].widget.attrs["autofocus"] = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken: choose another one."))
        return username
