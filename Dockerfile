# Production image: gunicorn serving the app, whitenoise serving static files.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=0 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    VAR_DIR=/data

WORKDIR /app
# libmagic reads the type of uploaded evidence files from their content (python-magic);
# postgresql-client: pg_dump and pg_restore for backups (the server's major version or later);
# gettext: msgfmt compiles the translations (locale/) while the image is built;
# Noto fonts: PDF reports in Arabic (fonts-noto-core) and Chinese (fonts-noto-cjk).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client gettext \
        fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
# The runtime lock alone: no test or lint tools in production (they are in the development lock,
# and .dockerignore leaves tests/ and bench/ out of the image).
COPY requirements-pip.lock requirements.lock ./
RUN pip install --require-hashes -r requirements-pip.lock \
    && pip install --require-hashes -r requirements.lock

COPY . .
RUN SECRET_KEY=build-only-key-used-for-collectstatic-and-nothing-else-000000 \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only-key-used-for-collectstatic-and-nothing-else-000000 \
    ALLOWED_HOSTS=localhost python manage.py compilemessages --verbosity 0 \
    && useradd --system --home /app tracker \
    && mkdir -p /data/media /data/backups && chown -R tracker /data

USER tracker
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py seed_lexicon && gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
