"""Inspections stored: one row per record of the core's bundle, mapped at the edge."""
