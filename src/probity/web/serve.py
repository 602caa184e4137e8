"""``probity serve``: the web application under gunicorn, after migrating the database.

A Typer command function, registered by :mod:`probity.cli`. The settings are
``DJANGO_SETTINGS_MODULE``'s (local by default: SQLite in the data folder, static files from
the source folders). Settings with a ``STATIC_ROOT`` (production) get ``collectstatic`` first,
so that WhiteNoise serves the GOV.UK files in both. ``--demo`` first sets up the
demonstration inspection and its team (:mod:`probity.web.demo`) and prints their passwords.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

EXIT_BAD_INPUT = 2
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def default_workers() -> int:
    """gunicorn's rule of thumb: two workers per processor available, and one more."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1) + 1


def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", help="gunicorn worker processes (default: 2 × cores + 1).", min=1
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="First load the demonstration inspection and reset its team's users "
            "(lead, inspector1, inspector2) with new passwords, printed. Local settings only.",
        ),
    ] = False,
    demo_bundle: Annotated[
        Path | None,
        typer.Option(
            "--demo-bundle",
            help="The demonstration bundle (default: the repository's examples/demo).",
        ),
    ] = None,
    access_log: Annotated[
        bool,
        typer.Option("--access-log/--no-access-log", help="Log every request to standard output."),
    ] = True,
) -> None:
    """Run the web application (gunicorn), after migrating the database."""
    from probity.web import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if demo and not settings.DEBUG:
        err.print(
            "[bold red]--demo resets the users lead, inspector1 and inspector2:[/] it runs "
            "with the local settings only (DJANGO_SETTINGS_MODULE is "
            f"{settings.SETTINGS_MODULE})",
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    if settings.DEBUG and host not in LOOPBACK:
        err.print(
            f"[bold red]--host {host}:[/] the local settings show debugging pages with the "
            "data in them, so they listen on loopback only; use the production settings "
            "(docs/web.md) to serve a network",
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    call_command("migrate", interactive=False, verbosity=0)
    if getattr(settings, "STATIC_ROOT", None):
        call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        _set_up_demo(demo_bundle, _url(host, port), err)
    # The workers are forked from this process: none may inherit its database connections.
    connections.close_all()
    _run(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers or default_workers(),
            "accesslog": "-" if access_log else None,
            "errorlog": "-",
            "proc_name": "probity",
            # A worker silent this long is killed. No request waits for the PDF report: it is
            # rendered in the background (probity.web.inspections.reports), and a worker that
            # is killed or restarted takes its renders with it (probity.report.pdf), to be
            # started again when the PDF is next asked for.
            "timeout": 60,
            # No runtime control socket: one fixed path per user would be shared by every
            # server started, and nothing here manages workers at run time.
            "control_socket_disable": True,
        }
    )


def _set_up_demo(bundle: Path | None, url: str, err: Console) -> None:
    from probity.bundle import DataError
    from probity.web.demo import demo_text, set_up_demo

    try:
        demo = set_up_demo(bundle)
    except FileNotFoundError as e:
        err.print(f"[bold red]{e}[/]: give the bundle's path with --demo-bundle", markup=True)
        raise typer.Exit(EXIT_BAD_INPUT) from e
    except DataError as e:
        err.print(f"[bold red]{len(e.problems)} problem(s) in the demonstration bundle:[/]")
        for p in e.problems:
            err.print(f"  {p}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from e
    print(demo_text(demo, url), flush=True)


def _url(host: str, port: int) -> str:
    """Where a browser on this machine finds the server."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/"


def _run(options: dict[str, Any]) -> None:
    """Serve ``probity.web.wsgi.application`` with gunicorn until it is stopped."""
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    from probity.web.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type information
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
