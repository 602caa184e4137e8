"""The PDF renderer's own process: ``python -m probity.report.pdf_worker SOURCE.html
TARGET.pdf``. It is run apart from the caller (see :mod:`probity.report.pdf`) so that a
report too large for memory, or a crash in the layout engine, ends this process only.

Exit status 0 when TARGET.pdf is written; otherwise non-zero, with the reason on stderr.

With ``--parent PID`` (as :mod:`probity.report.pdf` starts it) the process that started this
one owns SOURCE's folder and TARGET: if that process ends first, even killed outright, this one
ends too (on Linux the kernel sends it SIGTERM: ``PR_SET_PDEATHSIG``) and removes them.
"""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import resource
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

# As probity.report.pdf passes it; not imported from there, to keep this process light.
DEFAULT_VARIANT = "pdf/ua-1"

# The shipped fonts and the stylesheet that declares them (see fonts/README.md).
FONTS = Path(__file__).resolve().parent / "fonts"
FONTS_CSS = FONTS / "fonts.css"


def html_to_pdf(
    html: str, target: Path, variant: str | None = DEFAULT_VARIANT, *, tagged: bool = True
) -> None:
    """Write the PDF of a self-contained HTML document (A4, tagged), set in the shipped fonts
    (``fonts/fonts.css``), which are the only files it reads besides ``html``. Without a
    variant, ``tagged=False`` leaves out the structure tree (to compare with the tagged PDF)."""
    # Imported here: WeasyPrint is heavy, and only this process needs it.
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class _Fetcher(URLFetcher):  # type: ignore[misc]
        # The report is self-contained: nothing may be fetched from a network or a disk,
        # except the shipped fonts.
        def fetch(self, url: str, headers: object = None) -> object:
            if not url.startswith("data:") and shipped_font(url) is None:
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(url, headers)

    fetcher = _Fetcher(allowed_protocols=("data", "file"))
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(FONTS_CSS), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher, media_type="print")
    options: dict[str, object] = {"pdf_variant": variant} if variant else {"pdf_tags": tagged}
    document.write_pdf(target, stylesheets=[stylesheet], font_config=fonts, **options)


def shipped_font(url: str) -> Path | None:
    """The shipped font file that ``url`` names, if it names one."""
    if not url.startswith("file:"):
        return None
    path = Path(url2pathname(urlsplit(url).path)).resolve()
    return path if path.parent == FONTS and path.suffix == ".ttf" and path.is_file() else None


# <linux/prctl.h>: the signal this process gets when the thread that started it ends.
PR_SET_PDEATHSIG = 1
# The prefix of the caller's temporary folders (probity.report.pdf.TEMP_PREFIX).
TEMP_PREFIX = "probity-pdf-"


class Orphaned(BaseException):
    """The process that started this one has ended: nobody waits for the PDF any more.
    (A BaseException, so that no ``except Exception`` in the renderer swallows it.)"""


def die_with_parent(parent: int, tidy_up: Callable[[], None]) -> None:
    """End this process when ``parent`` ends: at once, by :class:`Orphaned`, if it has ended
    already; else at the SIGTERM that Linux sends when it does, calling ``tidy_up`` first.
    Elsewhere than on Linux only the first holds."""

    def orphaned(signum: int, frame: object) -> None:
        # Tidied and ended here, in the handler, rather than by an exception: raised in the
        # middle of the layout engine, an exception can land in a callback that swallows it
        # ("Exception ignored in ..."), and the render would run on to its end with nobody
        # left to remove its files.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not stop the tidying
        tidy_up()
        os._exit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, orphaned)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    # The parent may have ended before the request above took effect: then this process
    # was handed to another parent and no signal will come.
    if os.getppid() != parent:
        raise Orphaned


def tidy(source: Path, target: Path) -> None:
    """Remove what the ended parent would have removed: the unfinished TARGET and SOURCE's
    folder, if it is one of the parent's temporary folders."""
    target.unlink(missing_ok=True)
    folder = source.parent
    if folder.name.startswith(TEMP_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str] | None = None) -> int:
    """Render SOURCE.html to TARGET.pdf; the exit status says whether it worked."""
    parser = argparse.ArgumentParser(prog="python -m probity.report.pdf_worker")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument(
        "--variant",
        default=DEFAULT_VARIANT,
        help="a WeasyPrint PDF variant, or 'none' for a tagged plain PDF",
    )
    parser.add_argument(
        "--memory-mb", type=int, default=0, help="stop past this much memory (0: no limit)"
    )
    parser.add_argument(
        "--parent",
        type=int,
        default=0,
        help="the process that owns SOURCE's folder and TARGET: end with it and remove them",
    )
    args = parser.parse_args(argv)
    try:
        if args.parent:
            die_with_parent(args.parent, lambda: tidy(args.source, args.target))
        status = _render(args)
    except Orphaned:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not stop the tidying
        tidy(args.source, args.target)
        return 128 + signal.SIGTERM
    if args.parent and os.getppid() != args.parent:
        # The parent ended during the render and no signal ended this one (none is sent
        # elsewhere than on Linux, and a signal can be held up): nobody will take the PDF, so
        # its files go now, whatever became of the render.
        tidy(args.source, args.target)
        return 128 + signal.SIGTERM
    return status


def _render(args: argparse.Namespace) -> int:
    if args.memory_mb:
        _limit_memory(args.memory_mb)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(name)s: %(message)s")
    try:
        html = args.source.read_text(encoding="utf-8")
        html_to_pdf(html, args.target, None if args.variant == "none" else args.variant)
    except MemoryError:
        print(f"ran out of memory (limit {args.memory_mb} MB)", file=sys.stderr)
        return 3
    except Exception as e:  # every failure becomes an exit status and a message
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
