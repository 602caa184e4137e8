"""The web application: a thin Django layer over the core (see docs/adr/0001).

The core never imports this package; this package maps its rows to and from the core's
records at its edge (:mod:`probity.web.inspections.mapping`).
"""

from __future__ import annotations

import os

DEFAULT_SETTINGS = "probity.web.settings.local"


def setup() -> None:
    """Configure Django (settings from ``DJANGO_SETTINGS_MODULE``, local by default)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    django.setup()
