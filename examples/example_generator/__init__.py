"""The fictional example inspections under the frameworks other than the 2021 adult one:
``examples/youth-demo/`` (``hmip-youth-justice-2021``) and ``examples/adult-2023-demo/``
(``hmip-adult-pdu-2023``), seeded and deterministic, written by Probity's own writer."""

from .build import EXAMPLES_BUILT, Example, generate, main
from .common import GenerationError

__all__ = ["EXAMPLES_BUILT", "Example", "GenerationError", "generate", "main"]
