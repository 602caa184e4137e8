"""docs/bundle-format.md describes exactly the tables and columns the code reads."""

from __future__ import annotations

from probity.bundle.reference import replace_generated
from probity.bundle.schema import TABLES, tables_for
from probity.framework import available_frameworks, load_framework

from .conftest import ROOT

DOC = ROOT / "docs" / "bundle-format.md"


def test_the_bundle_reference_is_up_to_date_with_the_schema():
    text = DOC.read_text(encoding="utf-8")
    assert replace_generated(text) == text, "run `make docs` to regenerate docs/bundle-format.md"


def test_every_table_and_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### `{table.name}`" in text
    for source in available_frameworks():
        fw = load_framework(source.id)
        assert f"### Under `{fw.id}`" in text
        for table in tables_for(fw):
            for column in table.columns:
                # The organisation's column is named in the framework's section.
                assert f"| `{column.name}` |" in text or f"column `{column.name}`" in text
