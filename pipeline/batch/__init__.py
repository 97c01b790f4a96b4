"""Batch verification of news feeds: streaming, resumable, local workers or Dask."""
