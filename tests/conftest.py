"""The only shared fixtures. Real data comes from the data directory (../shared/data by default,
or $TICKERCHECK_DATA); nothing third-party is copied into the repository."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DATA_DIR = Path(os.environ.get("TICKERCHECK_DATA", ROOT.parent / "shared" / "data")).resolve()
SHARED = DATA_DIR.parent


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite fixtures/golden/*.json")
    parser.addoption("--network", action="store_true", help="run tests that talk to Yahoo Finance")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--network"):
        return
    skip = pytest.mark.skip(reason="needs --network (talks to Yahoo Finance)")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA_DIR / "prices").is_dir():
        pytest.fail(f"data directory {DATA_DIR} not found: set TICKERCHECK_DATA or put shared/ beside the repo")
    return DATA_DIR


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory, data_dir) -> Path:
    """A store seeded once per test session with the real bars in the data directory."""
    from pipeline.prices.csv_files import seed_store
    from pipeline.prices.store import PriceStore

    home = tmp_path_factory.mktemp("home")
    store = PriceStore(home / "prices.sqlite")
    seed_store(store, data_dir / "prices")
    store.close()
    return home


@pytest.fixture(scope="session")
def offline_checker(seeded_home, data_dir):
    from pipeline.config import Settings
    from pipeline.run import Checker

    return Checker(Settings(home=seeded_home, data_dir=data_dir, offline=True))


def load_article(spec: dict) -> tuple[str, str]:
    """A fixture article → (text, published), read from shared/ where it lives."""
    if "path" in spec:
        return (SHARED / spec["path"]).read_text(encoding="utf-8"), spec["published"]
    with open(DATA_DIR / "corpus" / spec["corpus_file"], encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["id"] == spec["record_id"]:
                return record["text"], record["published"]
    raise LookupError(f"{spec['record_id']} not in {spec['corpus_file']}")


EXAMPLE = SHARED / "examples" / "binance-square-post.txt"


@pytest.fixture(scope="session")
def example_report(offline_checker):
    """The canonical example article, checked offline against the seeded store."""
    from pipeline.run import check_text

    return check_text(EXAMPLE.read_text(encoding="utf-8"), "2025-12-13", checker=offline_checker)


@pytest.fixture(scope="session")
def web_server(seeded_home, data_dir):
    """The real web app under uvicorn on a free loopback port, offline, for the whole session."""
    import socket
    import threading
    import time

    import uvicorn

    from pipeline.config import Settings
    from pipeline.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(home=seeded_home, data_dir=data_dir, offline=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):  # startup builds spaCy once: wait for it, but not forever
        if server.started or not thread.is_alive():
            break
        time.sleep(0.1)
    assert server.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
