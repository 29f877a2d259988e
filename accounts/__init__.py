"""Sign-in and account security: two-factor sign-in with an authenticator app (django-otp)."""
