"""An inspection's data as a download: the bundle as a CSV folder (zipped), an XLSX workbook,
or JSON, written by the bundle's own writers (:mod:`probity.bundle.writer`), so a download
reads back with :func:`probity.bundle.read_bundle` as ``probity export`` writes it.

The pages and the REST API both call :func:`export_bytes` on what
:func:`probity.workflow.services.export` returns (which records the export).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path

from probity.bundle.model import Bundle
from probity.bundle.writer import write_csv_folder, write_workbook
from probity.framework import Framework

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
