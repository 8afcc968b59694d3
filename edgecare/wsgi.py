import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edgecare.settings")
application = get_wsgi_application()

# A server signs every session and form with SECRET_KEY: it does not start without one.
try:
    settings.SECRET_KEY  # noqa: B018 - Django checks the key when it is read
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).") from error
