"""Statistics over counts and answers: how sure a figure is (:mod:`.intervals`), and how
each subgroup of the sample compares with the rest (:mod:`.subgroups`, its JSON form in
:mod:`.document`; both imported by name).

Each computation is a maintained library's (statsmodels, scipy), called here so that every
page, command and report shows the same figure; statsmodels is imported on first use, since
it takes seconds to load and most commands never need it.
"""

from probity.statistics.intervals import Interval, interval_text, wilson

__all__ = ["Interval", "interval_text", "wilson"]
