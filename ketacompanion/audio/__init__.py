"""Audio: the only package that imports pygame (mixer backend, player service, recorder)."""

import os

# SDL otherwise catches SIGTERM and SIGINT for a quit event nobody here reads, so a
# logout, a shutdown or a CI time limit could not end the app once sound was opened.
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
