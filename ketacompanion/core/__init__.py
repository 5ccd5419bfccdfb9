"""Pure Python: models, playlist logic, session clock, binaural maths, file formats. No Qt, no pygame."""
