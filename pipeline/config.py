"""Where tickercheck keeps its store and finds its data. Read once, passed down explicitly."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

PACKAGE_DATA = Path(__file__).parent / "data"
# The fine-tuned model lives in the repository's models/ folder (see models/fin-ner/README.md).
REPO_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "fin-ner"


def default_home() -> Path:
    """The directory holding the SQLite price store: $TICKERCHECK_HOME or the user's cache dir."""
    env = os.environ.get("TICKERCHECK_HOME")
    return Path(env) if env else Path(user_cache_dir("tickercheck"))


def default_data_dir() -> Path | None:
    """The third-party data directory ($TICKERCHECK_DATA), if one is configured."""
    env = os.environ.get("TICKERCHECK_DATA")
    return Path(env) if env else None


def default_model_dir() -> Path:
    """The fine-tuned NER model: $TICKERCHECK_MODEL or models/fin-ner in the checkout."""
    env = os.environ.get("TICKERCHECK_MODEL")
    return Path(env) if env else REPO_MODEL_DIR


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    data_dir: Path | None
    offline: bool = False
    policy_path: Path = PACKAGE_DATA / "policy.toml"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {"home": default_home(), "data_dir": default_data_dir()}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def store_path(self) -> Path:
        return self.home / "prices.sqlite"
