"""Reading, validating and writing inspection data files."""

from probity.bundle.problems import DataError, Problem
from probity.bundle.summary import InspectionSummary, parse_summary, read_summary

__all__ = ["DataError", "InspectionSummary", "Problem", "parse_summary", "read_summary"]
