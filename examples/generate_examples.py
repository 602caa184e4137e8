"""Generate the fictional example inspections, ``examples/youth-demo/`` and
``examples/adult-2023-demo/``.

    uv run --locked python examples/generate_examples.py [--out DIR]

Seeded and deterministic: the same files on every run. Every case, person and place is
fictional. The generator is the package ``examples/example_generator/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from example_generator import GenerationError, generate, main

__all__ = ["GenerationError", "generate", "main"]

if __name__ == "__main__":
    sys.exit(main())
