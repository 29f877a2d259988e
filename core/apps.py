from django.apps import AppConfig


class CoreConfig(AppConfig):
    """
    What every app shares and none owns: the figures' cache tokens, API-token sign-in for
    plain views, telling an API request from a page's. It imports no app of the project.
    """

    name = "core"
    verbose_name = "Shared foundations"
