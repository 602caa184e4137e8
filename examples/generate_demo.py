"""Generate the demonstration inspection bundle, ``examples/demo/``.

    uv run --locked python examples/generate_demo.py [--out DIR]

A fictional inspection of 79 cases whose answers reproduce the published figures of HM
Inspectorate of Probation's report on Staffordshire and Stoke PDU (August 2022), with the
report's own words. The generator is the package ``examples/demo_generator/``; the report's
words are in ``examples/demo_content/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_generator import GenerationError, generate, main

__all__ = ["GenerationError", "generate", "main"]

if __name__ == "__main__":
    sys.exit(main())
