"""The inspection framework as data: standards, key questions, prompts, the case profile,
rules, bands and wording."""

from probity.framework.loader import (
    DEFAULT_FRAMEWORK,
    FrameworkError,
    load_framework,
    load_framework_file,
    parse_framework,
)
from probity.framework.models import (
    AttributeType,
    Band,
    CapAtRatingOf,
    CapWhenAllAtMost,
    CaseAttribute,
    CaseProfile,
    Domain,
    Framework,
    KeyQuestion,
    Prompt,
    RatingLevel,
    Rounding,
    RuleKind,
    Standard,
)
from probity.framework.registry import FrameworkSource, available_frameworks, framework_dirs

__all__ = [
    "DEFAULT_FRAMEWORK",
    "AttributeType",
    "Band",
    "CapAtRatingOf",
    "CapWhenAllAtMost",
    "CaseAttribute",
    "CaseProfile",
    "Domain",
    "Framework",
    "FrameworkError",
    "FrameworkSource",
    "KeyQuestion",
    "Prompt",
    "RatingLevel",
    "Rounding",
    "RuleKind",
    "Standard",
    "available_frameworks",
    "framework_dirs",
    "load_framework",
    "load_framework_file",
    "parse_framework",
]
