"""Between the game forms: the reduced normal form of a tree, Kuhn's theorem (mixed and
behaviour strategies, both ways), and the sequence form of a two-player tree."""
