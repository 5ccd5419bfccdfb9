"""Command-line sub-commands; each module exposes register(subparsers)."""
