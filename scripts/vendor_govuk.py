"""Copy GOV.UK Frontend's compiled style sheet and script (from node_modules, pinned by
package-lock.json) into the web application's static files: ``make govuk``.

The GDS Transport typeface and the crown and crest images may be used only by GOV.UK
services, so they are left out: their ``@font-face`` rules and ``url()``s are removed, and
the style sheet falls back to the Design System's own next font, Arial.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend"
TARGET = ROOT / "src" / "probity" / "web" / "static" / "govuk"

FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
ASSET_URL = re.compile(r"url\(/assets/[^)]*\)")


def vendored_css(css: str) -> str:
    """GOV.UK Frontend's style sheet without the GOV.UK-only typeface and images."""
    return ASSET_URL.sub("none", FONT_FACE.sub("", css))


def main() -> int:
    """Write the vendored files; fail if node_modules is missing."""
    dist = SOURCE / "dist" / "govuk"
    if not dist.is_dir():
        print(f"{dist} is missing: run `npm ci` first", file=sys.stderr)
        return 1
    version = json.loads((SOURCE / "package.json").read_text())["version"]
    TARGET.mkdir(parents=True, exist_ok=True)
    css = (dist / "govuk-frontend.min.css").read_text()
    # Source-map comments point at files not shipped.
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    (TARGET / "govuk-frontend.min.css").write_text(vendored_css(css))
    js = (dist / "govuk-frontend.min.js").read_text()
    (TARGET / "govuk-frontend.min.js").write_text(re.sub(r"//# sourceMappingURL=.*", "", js))
    (TARGET / "NOTICE").write_text(
        f"GOV.UK Frontend {version} (https://github.com/alphagov/govuk-frontend), "
        "MIT licence, Crown copyright.\nVendored by scripts/vendor_govuk.py: the GOV.UK-only "
        "typeface and images are left out.\n"
    )
    (TARGET / "VERSION").write_text(version + "\n")
    print(f"vendored govuk-frontend {version} into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
