"""
{% follow_button subject %}: the follow (or unfollow) button the state, topic, resolution and
commitment pages show; a visitor gets a link to sign in. The following app owns the tag, so
the lower apps' templates show it without importing this app. One query for a signed-in user.
"""

from django import template

from ..choices import SubjectKind
from ..models import Follow

register = template.Library()

KINDS = {
    "State": SubjectKind.STATE,
    "Topic": SubjectKind.TOPIC,
    "Resolution": SubjectKind.RESOLUTION,
    "Commitment": SubjectKind.COMMITMENT,
}


@register.inclusion_tag("following/_follow_button.html", takes_context=True)
def follow_button(context, subject):
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = KINDS[type(subject).__name__]
    following = bool(
        user is not None
        and user.is_authenticated
        and Follow.objects.filter(user=user, kind=kind, **{kind: subject}).exists()
    )
    return {
        "request": request,
        "user": user,
        "kind": kind,
        "subject": subject,
        "following": following,
        "csrf_token": context.get("csrf_token"),
    }
