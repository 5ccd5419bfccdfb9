"""Audio: the only package that imports pygame (mixer backend, player service, recorder)."""
