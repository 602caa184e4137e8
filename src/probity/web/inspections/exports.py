"""An inspection's data as a download: the bundle as a CSV folder (zipped), an XLSX workbook,
or JSON, written by the bundle's own writers (:mod:`probity.bundle.writer`), so a download
reads back with :func:`probity.bundle.read_bundle` as ``probity export`` writes it.

The pages and the REST API both call :func:`export_bytes` on what
:func:`probity.workflow.services.export` returns (which records the export).

Every other way an inspection's data or report is handed out is recorded too
(:class:`probity.web.inspections.audit.ExportRecord`), under a form named here: the report as
HTML, as a PDF or as a published version, a case, the cases or the eligible cases read through
the REST API, a bundle written by ``probity export``. :func:`record_export` records one.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from probity.bundle.model import Bundle
from probity.bundle.writer import write_csv_folder, write_workbook
from probity.framework import Framework
from probity.workflow.model import Actor

if TYPE_CHECKING:
    from probity.web.inspections.store import DjangoStore

# Each format offered: its content type and the ending of its file's name.
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}
FORMAT_WORDS = {
    "csv": "CSV files (a zipped folder)",
    "xlsx": "Excel workbook (XLSX)",
    "json": "JSON",
}

# The other forms recorded as exports, beside the bundle's formats.
REPORT_HTML = "report-html"
REPORT_PDF = "report-pdf"
API_CASES = "api-cases"
API_ELIGIBLE = "api-eligible"
_REPORT_VERSION = "report-version-"
_COMMAND = "command-"
_OTHER_WORDS = {
    REPORT_HTML: "The report (HTML)",
    REPORT_PDF: "The report (PDF)",
    API_CASES: "The list of cases, through the API",
    API_ELIGIBLE: "The list of eligible cases, through the API",
}


def report_version_form(number: int) -> str:
    """The form recorded for a published version of the report read as HTML."""
    return f"{_REPORT_VERSION}{number}"


def by_command(fmt: str) -> str:
    """The form recorded for a bundle written by ``probity export`` (``csv`` or ``xlsx``)."""
    return f"{_COMMAND}{fmt}"


def export_words(form: str) -> str:
    """A recorded form in words, for the list of exports."""
    if form in FORMAT_WORDS:
        return FORMAT_WORDS[form]
    if form in _OTHER_WORDS:
        return _OTHER_WORDS[form]
    if form.startswith(_REPORT_VERSION):
        return f"Version {form.removeprefix(_REPORT_VERSION)} of the report (HTML)"
    if form.startswith(_COMMAND):
        fmt = form.removeprefix(_COMMAND)
        words = "CSV files" if fmt == "csv" else FORMAT_WORDS.get(fmt, fmt)
        return f"{words}, by the probity export command"
    return form


def record_export(store: DjangoStore, actor: Actor, inspection_id: str, form: str) -> None:
    """Record that ``actor`` was handed the inspection's data or report in ``form`` (the
    caller has asked the policy already)."""
    with store.transaction():
        store.record_export(inspection_id, actor, form)


def export_bytes(framework: Framework, bundle: Bundle, fmt: str) -> tuple[bytes, str, str]:
    """The bundle in the format (``csv``, ``xlsx`` or ``json``): its bytes, content type and
    file name. ValueError for a format not in :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    content_type, ending = FORMATS[fmt]
    name = bundle.inspection.inspection_id
    with tempfile.TemporaryDirectory(prefix="probity-export-") as tmp:
        folder = Path(tmp) / name
        if fmt == "xlsx":
            path = Path(tmp) / f"{name}.xlsx"
            write_workbook(bundle, path, framework)
            data = path.read_bytes()
        else:
            write_csv_folder(bundle, folder, framework)
            data = _zipped(folder) if fmt == "csv" else _as_json(framework, folder)
    return data, content_type, f"{name}.{ending}"


def _zipped(folder: Path) -> bytes:
    """The folder as a zip archive holding the folder itself (``ID/TABLE.csv``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, f"{folder.name}/{path.name}")
    return out.getvalue()


def _as_json(framework: Framework, folder: Path) -> bytes:
    """The CSV folder as one JSON document: every table's rows as objects, by column name,
    each value as its CSV cell holds it (null for an empty cell)."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        tables[path.stem] = [{k: (v if v != "" else None) for k, v in r.items()} for r in rows]
    document = {
        "format": "probity-bundle",
        "framework": framework.id,
        "inspection_id": folder.name,
        "tables": tables,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
