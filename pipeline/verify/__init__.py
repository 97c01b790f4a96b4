"""Verification: pure functions from a resolved claim and its price rows to a verdict."""
