"""
Guards that keep the personal-data rules complete as the models grow.

- Every relation to a user must be named in `USER_LINKS` (or be a history table), so a new
  kind of row about a person cannot escape export and erasure unnoticed.
- Nothing in states/ or commitments/ may *require* details of a person: monitors record what
  a state did, and the people it happened to (victims of trafficking, witnesses) must never
  have to be named or made contactable to save an entry. A required field whose name looks
  like a person's name or contact details fails here unless allowlisted with its reason.
"""

import inspect
import re

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

import commitments.forms
import states.forms
from privacy.personal_data import USER_LINKS, history_models, user_links

pytestmark = pytest.mark.django_db

User = get_user_model()

# Words that mark a field as holding a person's identity or contact details.
PERSONAL_WORDS = {
    "name",
    "firstname",
    "first",
    "last",
    "surname",
    "fullname",
    "email",
    "mail",
    "phone",
    "telephone",
    "mobile",
    "address",
    "birth",
    "birthday",
    "dob",
    "age",
    "gender",
    "sex",
    "nationality",
    "passport",
    "contact",
    "victim",
    "survivor",
    "witness",
    "person",
}

# Required fields that match, and why they are not about a person.
ALLOWED_REQUIRED = {
    "states.Region.name": "an M49 region's name",
    "states.State.name": "a state's UN short name",
    "states.Organization.name": "a reporting organization's name",
    "commitments.Actor.name": "an addressee of a resolution (States, the Secretary-General)",
    "commitments.Topic.name": "a topic's name",
    # The accounts of the monitors themselves, set by the app from the signed-in user.
    "states.Membership.user": "the monitor's own account",
    "states.ProgressEntry.created_by": "the monitor's own account",
    "states.Evidence.added_by": "the monitor's own account",
    "commitments.DeadlineSubscription.user": "the monitor's own account",
    "commitments.ReminderSent.user": "the monitor's own account",
    # An invitation is sent to an address: the invitee's, given by a coordinator, who sees it
    # on the organization's page; it is the link's whole purpose.
    "states.Invitation.email": "the address an invitation is sent to",
}


def looks_personal(field_name, verbose_name="", related_model=None):
    if related_model is User:
        return True
    words = set(re.split(r"[^a-z]+", f"{field_name} {verbose_name}".lower())) - {""}
    return bool(words & PERSONAL_WORDS)


def required_model_fields():
    """(label, field) for each field of states/ and commitments/ models that must be filled."""
    historical = set(history_models())
    for app_label in ("states", "commitments"):
        for model in apps.get_app_config(app_label).get_models():
            if model in historical:
                continue  # copies of the tracked models' fields
            for field in model._meta.concrete_fields:
                if field.blank or field.primary_key or not field.editable or field.auto_created:
                    continue
                yield f"{model._meta.label}.{field.name}", field


def required_form_fields():
    """(label, field) for each required field of the forms of states/ and commitments/."""
    for module in (states.forms, commitments.forms):
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                for field_name, field in form_class.base_fields.items():
                    if field.required:
                        yield f"{module.__name__}.{name}.{field_name}", field


def test_it_requires_no_personal_details_of_anyone_in_the_models():
    personal = {
        label: str(field.verbose_name)
        for label, field in required_model_fields()
        if looks_personal(field.name, str(field.verbose_name), field.related_model)
    }

    assert set(personal) - set(ALLOWED_REQUIRED) == set(), (
        "A required field looks like a person's name or contact details. Make it optional, "
        "or add it to ALLOWED_REQUIRED with the reason it is not about a person."
    )


def test_it_requires_no_personal_details_of_anyone_in_the_forms():
    personal = [
        label
        for label, field in required_form_fields()
        if looks_personal(label.rsplit(".", 1)[1], str(field.label or ""))
    ]

    assert personal == []


def test_it_would_catch_a_required_victim_name():
    assert looks_personal("victim_name")
    assert looks_personal("contact_phone")
    assert looks_personal("reported_by", related_model=User)
    assert not looks_personal("summary", "summary")
    assert not looks_personal("fact_date", "fact date")


def test_it_allowlists_only_fields_that_still_exist_and_are_required():
    required = dict(required_model_fields())

    assert set(ALLOWED_REQUIRED) <= set(required)


def test_it_knows_what_erasure_does_with_every_link_to_a_user():
    historical = set(history_models())
    links = set()
    for model in apps.get_models(include_auto_created=True):
        if model in historical:
            continue  # kept whole: the audit trail
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                links.add(f"{model._meta.label}.{field.name}")

    assert links - set(USER_LINKS) == set(), (
        "A model links to users without a rule for export and erasure: add it to USER_LINKS "
        "in privacy/personal_data.py (and to the export if it holds something of the person)."
    )


def test_it_names_only_links_that_exist():
    for model, field_name, label in user_links():
        field = model._meta.get_field(field_name)
        assert field.related_model is User, label
    installed = {label for _, _, label in user_links()}
    assert {"states.Membership.user", "knox.AuthToken.user", "auth.User_groups.user"} <= installed
