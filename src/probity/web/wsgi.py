"""The WSGI application (for gunicorn): ``gunicorn probity.web.wsgi:application``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.web.settings.production")

application = get_wsgi_application()
