"""matplotlib, imported only when a picture is drawn, or a GameError saying how to get it.

Every renderer of the package imports matplotlib's objects through :func:`plot_objects`, so
that a missing ``plot`` extra gives the same one-line message everywhere.

>>> Figure, = plot_objects("a test picture", "matplotlib.figure:Figure")
>>> Figure.__name__
'Figure'
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from solver.errors import GameError

__all__ = ["PLOT_EXTRA", "plot_objects"]

#: How to install what the pictures need.
PLOT_EXTRA = "pip install 'gamesolver[plot]'"


def plot_objects(what: str, *names: str) -> tuple[Any, ...]:
    """Import ``module:object`` names from matplotlib (``"matplotlib.figure:Figure"``, or a
    plain module name), in order.

    Parameters
    ----------
    what : str
        What is being drawn, for the message (``"drawing a region map"``).
    *names : str
        The objects or modules wanted.

    Returns
    -------
    tuple
        The objects, in the order asked.

    Raises
    ------
    GameError
        When matplotlib (or one of its modules) cannot be imported: "``what`` needs
        matplotlib: install the plot extra with pip install 'gamesolver[plot]'".
    """
    found = []
    try:
        for name in names:
            module, _, attribute = name.partition(":")
            import_module(module.split(".")[0])   # a blocked or missing package stops here,
            imported = import_module(module)      # even when its submodule is cached
            found.append(getattr(imported, attribute) if attribute else imported)
    except ImportError:
        raise GameError(f"{what} needs matplotlib: install the plot extra with {PLOT_EXTRA}") \
            from None
    return tuple(found)
