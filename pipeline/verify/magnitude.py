"""Pure: does an actual magnitude satisfy a stated number with its qualifier under the policy?

Works on magnitudes (positive numbers); the caller handles direction. Computes on unrounded
values; rounding is for display only.
"""
from __future__ import annotations

from typing import NamedTuple

from pipeline.types import Label, Qualifier
from pipeline.verify.policy import Policy


class MagnitudeCheck(NamedTuple):  # a tuple: built for every number of every claim in a batch
    label: Label
    band: tuple[float | None, float | None]  # accepted magnitudes for ACCURATE; None = open end
    note: str = ""


def check_magnitude(claimed: float, step: float, qualifier: Qualifier, actual: float,
                    policy: Policy) -> MagnitudeCheck:
    """claimed (float): the stated number; step (float): one unit of its last digit;
    actual (float): the observed magnitude (>= 0)."""
    half = step / 2
    approx = max(step, policy.exact_approx_relative * claimed)
    if qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        band = (claimed, None)
        if actual > claimed or (qualifier is Qualifier.AT_LEAST and actual >= claimed - half):
            note = ""
            if actual >= policy.understatement_ratio * claimed:
                note = f"the actual move is {actual / claimed:.1f}x the stated bound"
            return MagnitudeCheck(Label.ACCURATE, band, note)
        label = Label.APPROXIMATELY_ACCURATE if actual >= claimed - approx else Label.INACCURATE
        return MagnitudeCheck(label, band)
    if qualifier is Qualifier.LESS_THAN:
        band = (0.0, claimed)
        if actual < claimed:
            return MagnitudeCheck(Label.ACCURATE, band)
        label = Label.APPROXIMATELY_ACCURATE if actual <= claimed + approx else Label.INACCURATE
        return MagnitudeCheck(label, band)
    if qualifier is Qualifier.NEARLY:
        short = max(step, policy.nearly_relative * claimed)
        band = (claimed - short, claimed + half)
        if band[0] <= actual <= band[1]:
            return MagnitudeCheck(Label.ACCURATE, band)
        label = Label.APPROXIMATELY_ACCURATE if abs(actual - claimed) <= 2 * short else Label.INACCURATE
        return MagnitudeCheck(label, band)
    if qualifier is Qualifier.ABOUT:
        slack = max(half, policy.about_accurate_relative * claimed)
        band = (claimed - slack, claimed + slack)
        if band[0] <= actual <= band[1]:
            return MagnitudeCheck(Label.ACCURATE, band)
        wide = max(step, policy.about_approx_relative * claimed)
        label = Label.APPROXIMATELY_ACCURATE if abs(actual - claimed) <= wide else Label.INACCURATE
        return MagnitudeCheck(label, band)
    # exact (and "as much as", which is exact about an intraday extreme)
    band = (claimed - half, claimed + half)
    if band[0] <= actual < band[1]:
        return MagnitudeCheck(Label.ACCURATE, band)
    label = Label.APPROXIMATELY_ACCURATE if abs(actual - claimed) <= approx else Label.INACCURATE
    return MagnitudeCheck(label, band)
