"""The scenario games of the seed documents (``docs/scenarios.md``): one module per game.

Every module registers its game with :func:`games.registry.register` when it is
imported; importing this package imports them all.
"""
import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
