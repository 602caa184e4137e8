"""Versions of a framework file for the web tests: the shipped file with some change made to
it, recorded as the one an inspection is rated under, or installed in place of the shipped
one (``PROBITY_FRAMEWORKS``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from probity.framework import Framework, parse_framework
from probity.framework.registry import ENVIRONMENT_VARIABLE, framework_paths
from probity.web.inspections.models import FrameworkVersion, Inspection

ADULT = "hmip-adult-pdu-2021"


def shipped_text(framework_id: str = ADULT) -> str:
    """The text of the framework file installed now under this id."""
    return framework_paths(framework_id)[0].read_text(encoding="utf-8")


def edited(edit: Callable[[dict[str, Any]], None], framework_id: str = ADULT) -> str:
    """The framework file's text with ``edit`` made to its data."""
    data = yaml.safe_load(shipped_text(framework_id))
    edit(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def standard(data: dict[str, Any], standard_id: str) -> dict[str, Any]:
    """A standard of a framework file's data, to change."""
    found: dict[str, Any] = next(
        s for d in data["domains"] for s in d["standards"] if s["id"] == standard_id
    )
    return found


def attribute(data: dict[str, Any], attribute_id: str) -> dict[str, Any]:
    """An attribute of the case profile of a framework file's data, to change."""
    found: dict[str, Any] = next(
        a for a in data["case_profile"]["attributes"] if a["id"] == attribute_id
    )
    return found


def record_under(inspection: Inspection, text: str) -> Framework:
    """Record the framework text as the one the inspection is rated under."""
    fw = parse_framework(text)
    FrameworkVersion.objects.get_or_create(
        content_hash=fw.content_hash, defaults={"framework_id": fw.id, "text": text}
    )
    Inspection.objects.filter(pk=inspection.pk).update(framework_hash=fw.content_hash)
    inspection.framework_hash = fw.content_hash
    return fw


def install(
    monkeypatch: pytest.MonkeyPatch, folder: Path, text: str | None, framework_id: str = ADULT
) -> Path:
    """Make ``folder`` the only frameworks directory, holding this text as the framework's
    file (``None``: no file of that id at all)."""
    folder.mkdir(parents=True, exist_ok=True)
    if text is not None:
        (folder / f"{framework_id}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(folder))
    return folder
