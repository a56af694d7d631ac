"""Parameters of a game: a symbol's default, its meaningful range, its meaning and source.

A parametric game has sympy symbols in its payoffs (or chance probabilities).  Each
symbol may be described by a :class:`Parameter`: the value it takes by default, the
range ``[low, high]`` in which the model makes sense, one line saying what it is, and
the passage of the source that it encodes.  The game carries these descriptions
itself, whichever way it was made (a builder, a catalogue entry, a file or a user),
so that threshold searches, sweeps and explanations read a parameter's range and
meaning from the game and from nothing else.

>>> from solver.forms.parameters import Parameter, parameter_table
>>> table = parameter_table({"t": "0.5", "c": Parameter("c", "1/10", "0", "1", "a cost")})
>>> table["t"].value, table["c"].range
(Fraction(1, 2), (Fraction(0, 1), Fraction(1, 1)))
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Iterable, Mapping

from solver.errors import InvalidGameError
from solver.numbers import is_sympy, to_number

__all__ = ["Parameter", "parameter_table", "parameter_defaults"]


@dataclass(frozen=True)
class Parameter:
    """One parameter of a game.

    Attributes
    ----------
    name : str
        The symbol's name in the payoffs.
    default : str, int or Fraction
        Default value, exact (a decimal string such as ``"0.45"`` is 9/20).
    low, high : str, int, Fraction or None
        The meaningful range, inclusive; None when the game does not say.
    meaning : str
        One line saying what the parameter is.
    source : str
        The passage of the source that the parameter encodes (empty if none).
    """

    name: str
    default: Any
    low: Any = None
    high: Any = None
    meaning: str = ""
    source: str = ""

    @cached_property
    def value(self):
        """The default as an exact number (a float default stays a float); read once."""
        return _number(self.default, f"default of parameter {self.name!r}")

    @cached_property
    def range(self) -> tuple[Fraction, Fraction] | None:
        """``(low, high)`` as exact numbers, or None when either end is not given; read once."""
        if self.low is None or self.high is None:
            return None
        return (_number(self.low, f"low end of parameter {self.name!r}"),
                _number(self.high, f"high end of parameter {self.name!r}"))


def _number(value: Any, where: str):
    x = to_number(value, where)
    if is_sympy(x):
        raise InvalidGameError(f"{where}: expected a number, got {value!r}")
    return x


def parameter_table(parameters: Mapping[str, Any] | Iterable[Parameter] | None
                    ) -> dict[str, Parameter]:
    """Normalise the ``parameters`` argument of the game constructors.

    Parameters
    ----------
    parameters : mapping, iterable of Parameter, or None
        Either ``{name: default}`` (a default may itself be a :class:`Parameter`,
        whose name must then match), or :class:`Parameter` objects.

    Returns
    -------
    dict
        ``{name: Parameter}``, in the order given; each default checked to be a number.

    Raises
    ------
    InvalidGameError
        For a default that is not a number, or a Parameter filed under another name.
    """
    if parameters is None:
        return {}
    if isinstance(parameters, Mapping):
        items = list(parameters.items())
    elif isinstance(parameters, (str, bytes)) or not hasattr(parameters, "__iter__"):
        raise InvalidGameError(f"parameters: expected a mapping name -> default or Parameter "
                               f"objects, got {type(parameters).__name__}")
    else:
        items = []
        for p in parameters:
            if not isinstance(p, Parameter):
                raise InvalidGameError(f"parameters: expected Parameter objects or a mapping "
                                       f"name -> default, got {type(p).__name__}")
            items.append((p.name, p))
    table: dict[str, Parameter] = {}
    for name, spec in items:
        name = str(name)
        if not isinstance(spec, Parameter):
            spec = Parameter(name, spec)
        elif spec.name != name:
            raise InvalidGameError(f"parameters: the entry {name!r} describes parameter "
                                   f"{spec.name!r}")
        spec.value   # check the default now: a bad one is an error of the game's input
        spec.range
        table[name] = spec
    return table


def parameter_defaults(table: Mapping[str, Parameter]) -> dict[str, Any]:
    """The exact default of each parameter of a :func:`parameter_table`, by name."""
    return {name: spec.value for name, spec in table.items()}
