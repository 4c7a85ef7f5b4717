"""The command line on top of the pipeline: `govaudit check`, `rules` and `extract` (app.py)."""
from .app import app, run

__all__ = ["app", "run"]
