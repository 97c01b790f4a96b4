"""Claim assembly: rule and model spans + the parse → ClaimCandidate records."""
