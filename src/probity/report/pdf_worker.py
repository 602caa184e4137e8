"""The PDF renderer's own process: ``python -m probity.report.pdf_worker SOURCE.html
TARGET.pdf``. It is run apart from the caller (see :mod:`probity.report.pdf`) so that a
report too large for memory, or a crash in the layout engine, ends this process only.

Exit status 0 when TARGET.pdf is written; otherwise non-zero, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
from pathlib import Path

# As probity.report.pdf passes it; not imported from there, to keep this process light.
DEFAULT_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, target: Path, variant: str | None = DEFAULT_VARIANT) -> None:
    """Write the PDF of a self-contained HTML document (A4, tagged)."""
    # Imported here: WeasyPrint is heavy, and only this process needs it.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # The report is self-contained: nothing may be fetched from a network or a disk.
    fetcher = URLFetcher(allowed_protocols=("data",))
    document = HTML(string=html, base_url=None, url_fetcher=fetcher, media_type="print")
    options: dict[str, object] = {"pdf_variant": variant} if variant else {"pdf_tags": True}
    document.write_pdf(target, **options)


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
    args = parser.parse_args(argv)
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
