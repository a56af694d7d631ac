"""The game model: the two game forms, what they share, and strategy profiles.

* :mod:`solver.forms.base` and :mod:`solver.forms.parameters` -- players, exactness,
  parameters and their descriptions, common to both forms;
* :mod:`solver.forms.normal` -- normal-form (strategic-form) games and their tables;
* :mod:`solver.forms.extensive` -- game trees: nodes, builders, information sets,
  behaviour strategies and their certificates;
* :mod:`solver.forms.profiles` -- mixed profiles, equilibria and solutions;
* :mod:`solver.forms.attributes` -- payoffs built from outcome attributes and weights.

Nothing here solves a game: the model imports only :mod:`solver.numbers` and
:mod:`solver.errors` below it.
"""
