"""Names programs import from ``csp.impl.types.common_definitions``: push modes, duplicate policies, outputs.

The same objects as ``csp.PushMode``, ``csp.DuplicatePolicy``, ``csp.Outputs``,
``csp.OutputBasket`` and ``csp.OutputTypeError``.
"""

from csp.impl.enums import DuplicatePolicy, PushMode
from csp.impl.exceptions import OutputTypeError
from csp.impl.types import OutputBasket, Outputs
from csp.impl.types.tstype import isTsBasket

__all__ = ["DuplicatePolicy", "OutputBasket", "OutputTypeError", "Outputs", "PushMode", "isTsBasket"]
