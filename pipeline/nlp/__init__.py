"""spaCy side: the pipeline builder and its components. Nothing here fetches prices."""
