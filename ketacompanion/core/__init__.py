"""Pure Python: models, playlist logic, session clock, binaural maths, file formats.

No Qt, no pygame here (checked by the import contracts in pyproject.toml).
"""
