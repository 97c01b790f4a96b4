"""The tolerance policy, read from a TOML data file (default: pipeline/data/policy.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PolicyError


@dataclass(frozen=True)
class Policy:
    name: str
    exact_approx_relative: float
    about_accurate_relative: float
    about_approx_relative: float
    understatement_ratio: float
    nearly_relative: float
    intensity_min_pct: float

    @property
    def label(self) -> str:
        return self.name

    @classmethod
    def load(cls, path: Path) -> "Policy":
        try:
            d = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            return cls(
                name=f"{d['name']} v{d['version']}",
                exact_approx_relative=float(d["exact"]["approx_relative"]),
                about_accurate_relative=float(d["about"]["accurate_relative"]),
                about_approx_relative=float(d["about"]["approx_relative"]),
                understatement_ratio=float(d["bounds"]["understatement_ratio"]),
                nearly_relative=float(d["bounds"]["nearly_relative"]),
                intensity_min_pct=float(d["intensity"]["min_pct"]),
            )
        except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
            raise PolicyError(f"cannot read tolerance policy {path}: {exc}") from exc
