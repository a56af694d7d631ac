"""Normal-form games: :class:`~solver.forms.normal.game.NormalFormGame` and its payoff tables."""
