"""pytest plugin loaded (with -p, from pyproject) before Django reads its settings: the test
run's environment.
Tests run with DEBUG off, as production does, so what they check is what a council deploys; only
the settings that need a TLS front end or collected static files are relaxed here.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("CONN_MAX_AGE", "0")
os.environ.setdefault("FAST_PASSWORD_HASHING", "true")
# A signed-in request renews the idle timeout (writes the session) once a minute in a
# deployment; in a test run never between two requests of one test, however slow the machine,
# so two query counts of the same page agree. tests/foundation/test_light_floor.py sets 60.
os.environ.setdefault("SESSION_RENEW_SECONDS", "3600")
