"""ketacompanion: a calm, private session companion for ketamine infusion therapy."""

__version__ = "0.1.0"
