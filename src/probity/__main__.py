"""``python -m probity``: the same as the ``probity`` command."""

from probity.cli import app

app(prog_name="probity")
