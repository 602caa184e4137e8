"""Reading, validating and writing inspection data files."""

from probity.bundle.model import Bundle
from probity.bundle.problems import DataError, Problem
from probity.bundle.reader import is_bundle, read_bundle
from probity.bundle.summary import InspectionSummary, parse_summary, read_summary
from probity.bundle.writer import write_csv_folder, write_template, write_workbook

__all__ = [
    "Bundle",
    "DataError",
    "InspectionSummary",
    "Problem",
    "is_bundle",
    "parse_summary",
    "read_bundle",
    "read_summary",
    "write_csv_folder",
    "write_template",
    "write_workbook",
]
