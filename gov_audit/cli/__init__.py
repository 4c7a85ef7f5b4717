from .app import app, run
