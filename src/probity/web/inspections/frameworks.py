"""One framework per inspection: the exact framework text an inspection was recorded under,
kept in the database (:class:`~probity.web.inspections.models.FrameworkVersion`), and what
has changed in the file installed under its id since.

An inspection is always rated under the text it recorded (:func:`framework_of`), never under
a file that changed after it was imported: a published report stands as published, and an
unpublished inspection keeps its rules until someone imports it again. An inspection stored
before the framework was recorded records the file installed now the first time its
framework is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction

from probity.framework import Framework, FrameworkError, load_framework, parse_framework
from probity.framework.diff import framework_changes
from probity.framework.registry import content_hash, framework_paths
from probity.web.inspections.models import FrameworkVersion, Inspection

_PARSED: dict[str, Framework] = {}
_PARSED_LOCK = Lock()
_KEPT = 64  # frameworks kept parsed at once (each is a few hundred kilobytes)


class FrameworkUnavailableError(Exception):
    """The framework an inspection was recorded under is not stored, and no file installed
    has its content."""


def framework_text(fw: Framework, *paths: Path) -> str:
    """The exact text of the file a framework was loaded from: the first of ``paths``, then of
    the frameworks directories' files of its id, whose SHA-256 is the framework's content
    hash. Raises :class:`FrameworkUnavailableError` when none has."""
    for path in (*paths, *framework_paths(fw.id)):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if content_hash(data) == fw.content_hash:
            return data.decode("utf-8")
    raise FrameworkUnavailableError(
        f"no framework file of {fw.id} with content hash {fw.content_hash[:12]}… can be read"
    )


def record_framework(
    fw: Framework, text: str | None = None, *, using: str = DEFAULT_DB_ALIAS
) -> FrameworkVersion:
    """The stored version of this framework's text, stored now if it is not yet (``text``:
    the file's text, if known; else read by :func:`framework_text`)."""
    found = FrameworkVersion.objects.using(using).filter(content_hash=fw.content_hash).first()
    if found is not None:
        return found
    text = framework_text(fw) if text is None else text
    if content_hash(text.encode("utf-8")) != fw.content_hash:
        raise ValueError(f"the text given is not the file of framework {fw.id} as loaded")
    try:
        with transaction.atomic(using=using):
            version = FrameworkVersion(framework_id=fw.id, content_hash=fw.content_hash, text=text)
            version.save(using=using)
            return version
    except IntegrityError:  # recorded meanwhile by another request
        return FrameworkVersion.objects.using(using).get(content_hash=fw.content_hash)


def _parsed(version: FrameworkVersion) -> Framework:
    with _PARSED_LOCK:
        found = _PARSED.get(version.content_hash)
    if found is not None:
        return found
    fw = parse_framework(version.text, source=f"{version.framework_id} (recorded)")
    with _PARSED_LOCK:
        if len(_PARSED) >= _KEPT:
            _PARSED.clear()
        _PARSED[version.content_hash] = fw
    return fw


def installed_framework(framework_id: str) -> Framework | None:
    """The framework file installed now under this id, loaded (None if there is none that
    loads)."""
    try:
        return load_framework(framework_id)
    except FrameworkError:
        return None


def framework_of(inspection: Inspection) -> Framework:
    """The framework the inspection is recorded under, parsed from its stored text (kept
    parsed by its hash). An inspection that has recorded none records the file installed now
    under its framework id."""
    db = inspection._state.db or DEFAULT_DB_ALIAS
    recorded = inspection.framework_hash
    if recorded:
        with _PARSED_LOCK:
            cached = _PARSED.get(recorded)
        if cached is not None:
            return cached
        version = FrameworkVersion.objects.using(db).filter(content_hash=recorded).first()
        if version is not None:
            return _parsed(version)
    current = installed_framework(inspection.framework)
    if current is None or (recorded and current.content_hash != recorded):
        raise FrameworkUnavailableError(
            f"inspection {inspection.inspection_id} is recorded under framework "
            f"{inspection.framework} ({recorded[:12] or 'no hash'}…), which is neither stored "
            "nor installed"
        )
    version = record_framework(current, using=db)
    if not recorded:
        Inspection.objects.using(db).filter(pk=inspection.pk, framework_hash="").update(
            framework_hash=current.content_hash
        )
        inspection.framework_hash = current.content_hash
    return _parsed(version)


@dataclass(frozen=True)
class FrameworkChange:
    """The framework file installed under an inspection's framework id differs from the one
    the inspection is recorded under: what changed (``current`` None: no file of that id is
    installed now)."""

    framework_id: str
    recorded: Framework
    current: Framework | None
    changes: tuple[str, ...]
    published: bool


def framework_change(inspection: Inspection, fw: Framework | None = None) -> FrameworkChange | None:
    """What has changed in the installed framework file since the inspection recorded its
    framework (``fw``: the recorded one, if already at hand); None when nothing has."""
    recorded = fw if fw is not None else framework_of(inspection)
    current = installed_framework(inspection.framework)
    if current is not None and current.content_hash == recorded.content_hash:
        return None
    if current is None:
        changes: tuple[str, ...] = (
            f"no framework file {inspection.framework} can be loaded from the frameworks "
            "directories now",
        )
    else:
        changes = tuple(framework_changes(recorded, current)) or (
            "the file's text changed, but not what it says (layout or comments only)",
        )
    return FrameworkChange(
        inspection.framework, recorded, current, changes, inspection.is_published
    )
