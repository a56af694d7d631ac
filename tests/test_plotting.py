"""solver.io.plotting: matplotlib's objects, or one GameError naming the plot extra."""
import sys

import pytest

from solver.errors import GameError
from solver.io.plotting import plot_objects


def test_objects_and_modules_come_back_in_order():
    got = plot_objects("a test", "matplotlib.figure:Figure", "matplotlib.patches",
                       "matplotlib.lines:Line2D")
    assert len(got) == 3
    assert [getattr(x, "__name__", None) for x in got] == ["Figure", "matplotlib.patches",
                                                           "Line2D"]


def test_a_blocked_matplotlib_is_refused_even_when_a_submodule_is_cached(monkeypatch):
    plot_objects("a test", "matplotlib.figure:Figure")          # cached now
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(GameError, match=r"^a test needs matplotlib: .*gamesolver\[plot\]'$"):
        plot_objects("a test", "matplotlib.figure:Figure")
