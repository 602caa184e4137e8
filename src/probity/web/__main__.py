"""``python -m probity.web COMMAND``: Django's management commands (as ``manage.py``)."""

from __future__ import annotations

import os
import sys

from probity.web import DEFAULT_SETTINGS


def main() -> None:
    """Run a Django management command with the settings of the environment."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    argv = list(sys.argv)
    argv[0] = "python -m probity.web"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
