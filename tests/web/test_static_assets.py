"""The vendored GOV.UK Frontend files are the version package-lock.json pins, without the
typeface and images that only GOV.UK services may use."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
STATIC = ROOT / "src" / "probity" / "web" / "static" / "govuk"
NODE = ROOT / "node_modules" / "govuk-frontend"


def _vendor_module():
    spec = importlib.util.spec_from_file_location(
        "vendor_govuk", ROOT / "scripts" / "vendor_govuk.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return lock["packages"]["node_modules/govuk-frontend"]["version"]


def test_the_vendored_files_are_the_pinned_version():
    assert (STATIC / "VERSION").read_text().strip() == pinned_version()


def test_the_style_sheet_carries_no_gov_uk_only_typeface_or_image():
    css = (STATIC / "govuk-frontend.min.css").read_text()
    assert "govuk-template" in css  # it is GOV.UK Frontend's sheet
    assert "@font-face" not in css
    assert not re.search(r"url\(/assets/", css)


def test_the_vendoring_removes_font_faces_and_asset_urls():
    css = "a{b:c}@font-face{src:url(/assets/fonts/x.woff2)}.d{e:url(/assets/images/y.svg)}"
    assert _vendor_module().vendored_css(css) == "a{b:c}.d{e:none}"


def test_the_vendored_files_match_the_installed_package():
    if not (NODE / "dist").is_dir():
        missing = "node_modules/govuk-frontend is not installed: run `make browser` (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    css = (NODE / "dist" / "govuk" / "govuk-frontend.min.css").read_text()
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    assert (STATIC / "govuk-frontend.min.css").read_text() == _vendor_module().vendored_css(css)
