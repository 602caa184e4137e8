"""Writing a bundle and reading it back gives the same bundle, in either form."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from probity.bundle import DataError, read_bundle, write_csv_folder, write_template, write_workbook
from probity.bundle.schema import TABLES, tables_for

from .bundles import valid_tables, write_csv_tables


def test_a_bundle_written_as_csv_reads_back_equal(tmp_path, adult):
    bundle = read_bundle(write_csv_tables(valid_tables(adult), tmp_path / "in"))
    write_csv_folder(bundle, tmp_path / "out", adult)
    assert read_bundle(tmp_path / "out") == bundle


def test_a_bundle_written_as_a_workbook_reads_back_equal(tmp_path, adult):
    bundle = read_bundle(write_csv_tables(valid_tables(adult), tmp_path / "in"))
    write_workbook(bundle, tmp_path / "out.xlsx", adult)
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_rewriting_a_csv_folder_replaces_it_whole(tmp_path, adult):
    bundle = read_bundle(write_csv_tables(valid_tables(adult), tmp_path / "in"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.csv").write_text("x\n", encoding="utf-8")
    write_csv_folder(bundle, out, adult)
    # A table added later is written only where the bundle has rows of it.
    written = sorted(f"{t.name}.csv" for t in TABLES if not t.omit_when_empty)
    assert sorted(p.name for p in out.iterdir()) == written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_template_has_every_sheet_header_the_questions_and_drop_downs(tmp_path, adult):
    path = tmp_path / "template.xlsx"
    write_template(adult, path)
    wb = load_workbook(path)
    assert wb.sheetnames == [t.name for t in TABLES] + ["questions"]
    for table in tables_for(adult):
        header = [c.value for c in wb[table.name][1]]
        # An optional column added later is written only where a value needs it.
        assert header == [c.name for c in table.columns if not c.omit_when_blank]
    assert [c.value for c in wb["inspection"][1]][1] == "pdu"
    assert "case_type" in [c.value for c in wb["cases"][1]]
    questions = list(wb["questions"].iter_rows(min_row=2, values_only=True))
    assert len(questions) == len(adult.key_questions) + len(adult.prompts)
    assert (questions[[q[0] for q in questions].index("2.4.pc.a")][:4]) == (
        "2.4.pc.a",
        "prompt",
        "2.4 Implementation and delivery",
        "(na where Case type is not Post-custody)",
    )
    answer_lists = [dv.formula1 for dv in wb["answers"].data_validations.dataValidation]
    assert '"yes,no,na"' in answer_lists
    assert any(f.startswith("=questions!$A$2") for f in answer_lists)
    case_lists = [dv.formula1 for dv in wb["cases"].data_validations.dataValidation]
    assert '"community,post_custody"' in case_lists


def test_an_empty_template_is_refused_as_a_bundle_until_it_has_data(tmp_path, adult):
    path = tmp_path / "template.xlsx"
    write_template(adult, path)
    with pytest.raises(DataError) as caught:
        read_bundle(path)
    assert any("must hold exactly one row" in str(p) for p in caught.value.problems)


def test_a_recorded_framework_hash_is_written_and_read_back(tmp_path, adult):
    tables = valid_tables(adult)
    tables["inspection"][0]["framework_hash"] = adult.content_hash
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "in"))
    assert bundle.inspection.framework_hash == adult.content_hash
    write_csv_folder(bundle, tmp_path / "out", adult)
    assert "framework_hash" in (tmp_path / "out" / "inspection.csv").read_text(encoding="utf-8")
    assert read_bundle(tmp_path / "out") == bundle
