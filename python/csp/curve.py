"""csp.curve as a module: ``from csp.curve import curve``.

``csp.curve`` itself stays the function (``csp/__init__`` binds it after
loading this module), so ``import csp.curve`` and ``csp.curve(int, data)``
both work.
"""

from csp.baselib import curve

__all__ = ["curve"]
