"""The generator of the demonstration inspection bundle, ``examples/demo/``.

A fictional inspection of 79 cases, shaped on HM Inspectorate of Probation's report on
Staffordshire and Stoke PDU (August 2022): its answers reproduce every key question's published
% "Yes" exactly and every Annexe three prompt within one point (exactly wherever the number of
applicable cases allows). The cases, inspectors and notes are invented; no case is a real
person. The report's own words (judgements, recommendations, practice examples and the
narrative) are reused under the Open Government Licence v3.0 and live in
``examples/demo_content/``.

- :mod:`.common`: the seed, paths, the published figures and the rounding rule;
- :mod:`.cases`: the 79 cases and their make-up;
- :mod:`.answers`: every answer on every case, and the inspectors' notes;
- :mod:`.checks`: the published figures, the answering rules and the narrative's references,
  checked before anything is written;
- :mod:`.content`: the report's words, read from the content files;
- :mod:`.tables`: the rows of every table, as CSV text;
- :mod:`.build`: the whole bundle, and the command line.
"""

from .build import Demo, generate, main, write
from .common import GenerationError

__all__ = ["Demo", "GenerationError", "generate", "main", "write"]
