"""The web page and JSON API for fact-checkers: a thin adapter over pipeline.run."""
