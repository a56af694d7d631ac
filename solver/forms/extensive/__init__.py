"""Game trees: the :class:`~solver.forms.extensive.game.ExtensiveFormGame` value, its
builders (node by node, in bulk, Bayesian), perfect recall, and behaviour strategies
with their payoffs, best responses and certificates."""
