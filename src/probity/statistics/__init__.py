"""Statistics over counts and answers: how sure a figure is (:mod:`.intervals`), how far
two inspectors answering the same cases agree (:mod:`.agreement`), and how each subgroup of
the sample compares with the rest (:mod:`.subgroups`, its JSON form in :mod:`.document`;
both imported by name).

Each computation is a maintained library's (statsmodels, scipy) where one exists, called here
so that every page, command and report shows the same figure; statsmodels is imported on first
use, since it takes seconds to load and most commands never need it. Gwet's AC1, which no
maintained Python library computes, is written in :mod:`.agreement`.
"""

from probity.statistics.agreement import Agreement, Statistic, agreement, agreement_document
from probity.statistics.intervals import Interval, interval_text, wilson

__all__ = [
    "Agreement",
    "Interval",
    "Statistic",
    "agreement",
    "agreement_document",
    "interval_text",
    "wilson",
]
