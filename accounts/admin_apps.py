"""Django's admin, installed with the site that asks for two-factor sign-in (admin_site.py)."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "accounts.admin_site.TwoFactorAdminSite"
