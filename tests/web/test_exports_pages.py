"""Exporting an inspection from the browser: the page, each download read back by the bundle
reader as the stored bundle, the record of each export, and who may."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from probity.bundle import read_bundle
from probity.web.inspections.audit import ExportRecord
from probity.web.inspections.exports import export_bytes
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.mapping import to_bundle

pytestmark = pytest.mark.pages

BASE = "/inspections/test-pdu-2026/export"


def download(client, fmt: str):
    return client.get(f"{BASE}/download/{fmt}/")


def test_the_export_page_offers_three_formats_and_no_past_export_yet(signed_in):
    html = signed_in("lead").get(f"{BASE}/").content.decode()
    for words in ("CSV files (a zipped folder)", "Excel workbook (XLSX)", "JSON"):
        assert words in html
    assert "The inspection has not been exported yet." in html


def test_the_csv_download_is_a_zipped_folder_that_reads_back_as_the_stored_bundle(
    signed_in, team, tmp_path
):
    response = download(signed_in("lead"), "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="test-pdu-2026.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    assert read_bundle(tmp_path / "test-pdu-2026") == to_bundle(team.inspection)


def test_the_xlsx_download_reads_back_as_the_stored_bundle(signed_in, team, tmp_path):
    response = signed_in("lead").get(f"{BASE}/download/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="test-pdu-2026.xlsx"'
    (tmp_path / "out.xlsx").write_bytes(response.content)
    assert read_bundle(tmp_path / "out.xlsx") == to_bundle(team.inspection)


def test_the_json_download_holds_every_table_with_the_rows_of_the_csv_folder(signed_in, team):
    response = download(signed_in("lead"), "json")
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["framework"] == "hmip-adult-pdu-2021"
    assert document["inspection_id"] == "test-pdu-2026"
    cases = document["tables"]["cases"]
    assert [c["case_id"] for c in cases] == ["T1", "T2", "T3"]
    answers = document["tables"]["answers"]
    assert len(answers) == len(to_bundle(team.inspection).answers)


def test_export_bytes_is_what_the_page_sends(signed_in, team):
    fw, bundle = framework_of(team.inspection), to_bundle(team.inspection)
    data, content_type, name = export_bytes(fw, bundle, "json")
    assert download(signed_in("lead"), "json").content == data
    assert (content_type, name) == ("application/json", "test-pdu-2026.json")
    with pytest.raises(ValueError, match="'pdf' is not one of csv, xlsx, json"):
        export_bytes(fw, bundle, "pdf")


def test_each_download_is_recorded_and_listed_with_who_and_when(signed_in, team):
    client = signed_in("lead")
    download(client, "csv")
    download(client, "json")
    records = list(ExportRecord.objects.filter(inspection=team.inspection).order_by("pk"))
    assert [(r.by, r.format) for r in records] == [(team.lead, "csv"), (team.lead, "json")]
    html = client.get(f"{BASE}/").content.decode()
    assert "CSV files (a zipped folder)</td>" in html
    assert "JSON</td>" in html
    assert html.index("JSON</td>") < html.index("CSV files (a zipped folder)</td>")  # newest first


def test_a_format_not_offered_is_refused_on_the_page_and_not_recorded(signed_in, team):
    response = download(signed_in("lead"), "pdf")
    assert response.status_code == 400
    assert "Choose a format to download: csv, xlsx, json, not “pdf”" in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1
    assert not ExportRecord.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("inspector_a", 403), ("quality_lead", 403), ("outsider", 404), ("admin", 200)],
)
def test_only_the_lead_and_administrators_may_export(signed_in, name, status):
    client = signed_in(name)
    assert client.get(f"{BASE}/").status_code == status
    assert download(client, "csv").status_code == status
    assert ExportRecord.objects.count() == (1 if status == 200 else 0)
