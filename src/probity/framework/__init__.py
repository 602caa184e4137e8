"""The inspection framework as data: standards, key questions, prompts, rules and bands."""

from probity.framework.loader import (
    DEFAULT_FRAMEWORK,
    FrameworkError,
    load_framework,
    load_framework_file,
    parse_framework,
    shipped_frameworks,
)
from probity.framework.models import (
    Band,
    CapAtRatingOf,
    CapWhenAllAtMost,
    CaseType,
    Domain,
    Framework,
    KeyQuestion,
    Marker,
    Prompt,
    RatingLevel,
    Rounding,
    RuleKind,
    Standard,
)

__all__ = [
    "DEFAULT_FRAMEWORK",
    "Band",
    "CapAtRatingOf",
    "CapWhenAllAtMost",
    "CaseType",
    "Domain",
    "Framework",
    "FrameworkError",
    "KeyQuestion",
    "Marker",
    "Prompt",
    "RatingLevel",
    "Rounding",
    "RuleKind",
    "Standard",
    "load_framework",
    "load_framework_file",
    "parse_framework",
    "shipped_frameworks",
]
