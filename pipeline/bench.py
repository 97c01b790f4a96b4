"""`tickercheck bench`: batch-mode numbers on real text and real prices, measured in one run.

1. extraction+verification throughput against plain spaCy nlp.pipe on the same articles;
2. verification of already-extracted claims from a warm store;
3. provider calls for 10,000 claims over a 500-symbol universe (counting fake provider);
4. peak memory of the batch plumbing for 1,000 vs 100,000 articles (separate processes), and
   memory of the real pipeline after each chunk of 1,000 distinct articles;
5. --workers 2 and a 2-worker Dask LocalCluster against one worker, cold and warm.

Everything runs in a temporary directory; the store there is seeded from the real bars.
"""
from __future__ import annotations

import functools
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import List, Optional

import typer

CORPUS_FILES = ("news_articles_genkin_news.jsonl", "news_articles_cryptoprism.jsonl",
                "news_articles_financedatabuilder.jsonl", "news_articles_perplexity_tracker.jsonl")


def real_articles(data_dir: Path, n: int) -> list[dict]:
    """n real articles, round-robin over the four news files (each file read from its start)."""
    handles = [open(data_dir / "corpus" / name, encoding="utf-8") for name in CORPUS_FILES]
    out: list[dict] = []
    try:
        while len(out) < n and handles:
            for fh in list(handles):
                line = fh.readline()
                if not line:
                    handles.remove(fh)
                    continue
                out.append(json.loads(line))
                if len(out) == n:
                    break
    finally:
        for fh in handles:
            fh.close()
    return out


def _write_jsonl(path: Path, records) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return path


def _words(records) -> int:
    return sum(len(r["text"].split()) for r in records)


def bench_throughput(records, settings, work: Path) -> dict:
    """Plain spaCy nlp.pipe vs the whole batch (read, extract, resolve, fetch, verify, write)."""
    import spacy

    from pipeline.batch.runner import BatchJob, run_batch
    from pipeline.nlp.build import BASE_MODEL

    texts = [r["text"] for r in records]
    words = _words(records)
    plain = spacy.load(BASE_MODEL)
    list(plain.pipe(texts[:5]))  # warm up
    started = time.perf_counter()
    for _ in plain.pipe(texts, batch_size=64):
        pass
    spacy_s = time.perf_counter() - started
    feed = _write_jsonl(work / "throughput.jsonl", records)
    from pipeline.batch.work import checker_for

    checker_for(settings).extract_many([])  # load our pipeline before the clock starts, as above
    started = time.perf_counter()
    summary = run_batch(BatchJob((feed,), work / "throughput.out.jsonl"), settings)
    ours_s = time.perf_counter() - started
    return {
        "articles": len(records), "words": words, "claims": summary["claims"], "labels": summary["labels"],
        "spacy_articles_per_s": round(len(records) / spacy_s, 2), "spacy_words_per_s": round(words / spacy_s),
        "batch_articles_per_s": round(len(records) / ours_s, 2), "batch_words_per_s": round(words / ours_s),
        "ratio_to_spacy": round(spacy_s / ours_s, 3),
    }


def extract_claims(records, settings) -> list:
    """The resolved claims of the records' articles, in order (the batch's Checker)."""
    from pipeline.batch.records import FieldMap, from_mapping, to_article
    from pipeline.batch.work import checker_for

    articles = [to_article(from_mapping(r, str(i), FieldMap())) for i, r in enumerate(records)]
    return [c for cs in checker_for(settings).extract_many(articles) for c in cs]


def bench_verify(claims, settings, target_claims: int = 100_000) -> dict:
    """Verdicts for already-extracted claims with a warm store: one fetch (SQL per symbol) per
    pass, then pure verification. Reported for all claims and for the price-checked ones."""
    from pipeline.batch.work import checker_for
    from pipeline.types import Label

    checker = checker_for(settings)
    first = checker.verdicts(claims, checker.fetch(claims))  # warms the store reads
    priced = [c for c, done in zip(claims, first) if done.verdict.evidence is not None]
    out = {"extracted_claims": len(claims), "price_checked_claims": len(priced),
           "labels_price_checked": {}}
    for done in first:
        if done.verdict.evidence is not None:
            key = done.verdict.label.value
            out["labels_price_checked"][key] = out["labels_price_checked"].get(key, 0) + 1
    for name, subset in (("all", claims), ("price_checked", priced)):
        if not subset:
            continue
        repeat = max(1, math.ceil(target_claims / len(subset)))
        batch = subset * repeat
        rates = []
        for _ in range(3):  # the machine is shared: report the best and the median of 3 passes
            started = time.perf_counter()
            checked = checker.verdicts(batch, checker.fetch(batch))
            rates.append(len(batch) / (time.perf_counter() - started))
            assert all(c.verdict.label is not Label.NOT_CHECKED for c in checked)
            del checked
        out[f"{name}_claims_verified"] = len(batch)
        out[f"{name}_claims_per_s_best"] = round(max(rates))
        out[f"{name}_claims_per_s_median"] = round(sorted(rates)[1])
    return out


class CountingSource:
    """The network edge replaced by a counter: real bars where the data directory has them,
    an empty answer (no bars) for the other symbols. Counts calls, never invents prices."""

    name = "counting-fake"

    def __init__(self, prices_dir: Path):
        from pipeline.prices.csv_files import price_files, read_price_csv

        self._files = dict(price_files(prices_dir))
        self._read = read_price_csv
        self.calls = 0

    def fetch(self, symbols, start: date, end: date):
        self.calls += 1
        return {s: [b for b in self._read(self._files[s]) if start <= b.date <= end] if s in self._files else []
                for s in symbols}


def _universe(data_dir: Path, n: int) -> list[str]:
    import csv

    with open(data_dir / "reference" / "sp500_constituents.csv", newline="", encoding="utf-8") as fh:
        symbols = [r["Symbol"].replace(".", "-") for r in csv.DictReader(fh)]
    return sorted(symbols)[:n]


def bench_provider_calls(claims, settings, work: Path, n_claims: int = 10_000, n_symbols: int = 500) -> dict:
    """Real extracted claims (sessions as resolved), symbols reassigned round-robin over a
    500-symbol universe of real tickers, fetched on an empty store the way batch mode does:
    once for all claims, and chunk after chunk with the run's Horizon (pipeline/batch/work.py).

    Two claim sets: every dated claim as extracted (some need no prices: no window, out of
    scope, so a symbol may first need prices in a later chunk), and only claims that need prices.
    No design can fetch a symbol before a chunk needs it, so chunked runs are also given their
    floor: per chunk, ceil(symbols not needed before / 50)."""
    from pipeline.run import price_windows

    dated = [c for c in claims if c.session and not c.problem]
    if not dated:
        return {"error": "no dated claims extracted"}
    universe = _universe(settings.data_dir, n_symbols)
    priced = [c for c in dated if price_windows([replace(c, symbol=universe[0])])]  # any symbol will do
    out = {"claims": n_claims, "symbols": n_symbols, "group_size": 50, "target_max_calls": n_symbols // 50}
    for name, pool in (("as_extracted", dated), ("needing_prices", priced)):
        stream = [replace(pool[i % len(pool)], symbol=universe[i % len(universe)]) for i in range(n_claims)]
        sessions = [c.session for c in stream]
        out[name] = {"distinct_symbols_needing_prices": len(price_windows(stream)),
                     "sessions": [min(sessions).isoformat(), max(sessions).isoformat()]}
        for label, chunk in (("one_gather", n_claims), ("chunks_of_1000", 1000)):
            out[name][f"{label}_calls"] = _count_calls(stream, chunk, settings, work / f"calls-{name}-{label}.sqlite")
        out[name]["chunks_of_1000_floor"] = _calls_floor(stream, 1000, 50)
    return out


def _count_calls(claims: list, chunk: int, settings, store_path: Path) -> int:
    from pipeline.prices.gather import Horizon, gather
    from pipeline.prices.store import PriceStore
    from pipeline.run import price_windows

    source = CountingSource(settings.data_dir / "prices")
    store, horizon = PriceStore(store_path), Horizon()
    for i in range(0, len(claims), chunk):
        windows = price_windows(claims[i:i + chunk])
        gather(windows, store, source, offline=False, horizon=horizon.widen(windows))
    store.close()
    return source.calls


def _calls_floor(claims: list, chunk: int, group: int) -> int:
    from pipeline.run import price_windows

    seen: set[str] = set()
    calls = 0
    for i in range(0, len(claims), chunk):
        new = set(price_windows(claims[i:i + chunk])) - seen
        calls += math.ceil(len(new) / group)
        seen |= new
    return calls


MEMORY_PROBE = r"""
import json, sys
from pathlib import Path
from pipeline.batch.runner import BatchJob, run_batch
from pipeline.batch.work import ChunkResult
from pipeline.batch.records import Record
from pipeline.config import Settings

def stand_in(chunk, items, settings, source=None):
    # extraction replaced: one row per article, shaped like a claim row
    rows = [{"article_id": i.id, "published": i.published, "source": i.source, "url": i.url,
             "claim_index": 0, "quote": i.text[:40], "label": "UNVERIFIABLE"} for i in items if isinstance(i, Record)]
    return ChunkResult(chunk, rows, [], {"records": len(items), "articles": len(rows), "claims": len(rows),
                       "errors": 0, "labels": {"UNVERIFIABLE": len(rows)}, "error_codes": {}, "words": 0, "seconds": 0})

feed, out, home = map(Path, sys.argv[1:4])
summary = run_batch(BatchJob((feed,), out), Settings(home=home, data_dir=None, offline=True), process=stand_in)
# VmHWM: this process image's own peak (ru_maxrss would carry the forking parent's peak over)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"records": summary["records"], "peak_rss_mb": hwm / 1024}))
"""


def bench_memory(records, work: Path, sizes=(1_000, 10_000, 100_000)) -> dict:
    """Peak RSS of a whole batch run (reader, dedupe journal, chunks, part files, Parquet
    assembly) over synthetic feeds that repeat the real articles under new ids. Extraction is
    replaced by a stand-in (extracting 100,000 articles would take hours on 2 cores)."""
    out = {}
    for n in sizes:
        feed = work / f"memory-{n}.jsonl"
        _write_jsonl(feed, (dict(records[i % len(records)], id=f"m{i}") for i in range(n)))
        out[str(n)] = {"feed_mb": round(feed.stat().st_size / 2**20, 1)}
        for fmt in ("jsonl", "parquet"):
            result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(feed), str(work / f"memory-{n}-out.{fmt}"),
                                     str(work / "home-mem")], capture_output=True, text=True, check=True)
            probe = json.loads(result.stdout.strip().splitlines()[-1])
            out[str(n)][f"{fmt}_peak_rss_mb"] = round(probe["peak_rss_mb"], 1)
            out[str(n)]["records"] = probe["records"]
            (work / f"memory-{n}-out.{fmt}").unlink()
        feed.unlink()
    return out


REAL_MEMORY_PROBE = r"""
import json, sys
from pathlib import Path
from pipeline.batch.runner import BatchJob, run_batch
from pipeline.config import Settings

def rss():
    status = dict(l.split(":", 1) for l in open("/proc/self/status"))
    return {k: round(int(status[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM")}

feed, out, home, data = map(Path, sys.argv[1:5])
settings = Settings(home=home, data_dir=data, offline=True)
done, points = 0, []

def advance(n):  # after each chunk: this process's resident and peak memory so far
    global done
    done += n
    points.append({"articles": done, **rss()})

run_batch(BatchJob((feed,), out, chunk_size=50), settings, on_records=advance)
print(json.dumps(points))
"""


def bench_memory_real(data_dir: Path, settings, work: Path, n: int = 1_000) -> dict:
    """Memory of a whole batch run with the real pipeline (spaCy, rules, the int8 model,
    resolution, store reads, verdicts) over n distinct real articles, one process: resident
    and peak memory after every 50-article chunk. Distinct articles, not repetitions: spaCy's
    string store grows with every new word, and repetitions would hide that."""
    feed = _write_jsonl(work / "memory-real.jsonl", real_articles(data_dir, n))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", REAL_MEMORY_PROBE, str(feed), str(work / "memory-real.out.parquet"),
                             str(settings.home), str(data_dir)], capture_output=True, text=True, check=True)
    points = json.loads(result.stdout.strip().splitlines()[-1])
    return {"articles": n, "seconds": round(time.perf_counter() - started, 1),
            "after_articles": {str(p["articles"]): {"rss_mb": p["VmRSS"], "peak_rss_mb": p["VmHWM"]} for p in points}}


def bench_workers(records, settings, work: Path) -> dict:
    """The same feed (16-article chunks) with 1 worker, `--workers 2` and a 2-worker Dask
    LocalCluster, measured two ways:

    cold: `tickercheck batch` in a fresh process each time, wall time from the command's start
      (interpreter, imports, spaCy and the model loaded in every worker process);
    warm: spaCy and the model already loaded: one worker inline in this process, and the Dask
      workers on a second run (a Dask worker keeps its Checker between runs). A local pool's
      processes end with their run, so it has no warm figure.
    """
    from distributed import Client, LocalCluster

    from pipeline.batch.runner import BatchJob, run_batch
    from pipeline.batch.work import checker_for

    feed = _write_jsonl(work / "workers.jsonl", records)
    out = {"articles": len(records), "chunk_size": 16}
    env = dict(os.environ, TICKERCHECK_HOME=str(settings.home), TICKERCHECK_DATA=str(settings.data_dir))

    def cold(name, *options):
        started, cpu = time.perf_counter(), cpu_seconds()
        subprocess.run([sys.executable, "-m", "pipeline", "batch", str(feed), "--out", str(work / f"workers-{name}.jsonl"),
                        "--chunk-size", "16", "--offline", *options], env=env, capture_output=True, check=True)
        out[f"{name}_s"] = round(time.perf_counter() - started, 2)
        out[f"{name}_cpu_s"] = round(cpu_seconds() - cpu, 1)

    def warm(name, **kw):
        started, cpu = time.perf_counter(), cpu_seconds()
        run_batch(BatchJob((feed,), work / f"workers-{name}.jsonl", chunk_size=16), settings, **kw)
        out[f"{name}_s"] = round(time.perf_counter() - started, 2)
        out[f"{name}_cpu_s"] = round(cpu_seconds() - cpu, 1)

    cold("cold_workers1")
    cold("cold_workers2", "--workers", "2")
    checker_for(settings).extract_many([])  # loaded before the warm clock starts
    warm("warm_workers1")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        cold("cold_dask2", "--scheduler", cluster.scheduler_address)  # the workers load on their first chunk
        with Client(cluster) as client:  # a worker that got no chunk yet loads now, off the clock
            client.run(_load_checker, settings)
        warm("warm_dask2", scheduler=cluster.scheduler_address)
    names = ("cold_workers1", "cold_workers2", "warm_workers1", "cold_dask2", "warm_dask2")
    same = (work / "workers-cold_workers1.jsonl").read_bytes()
    out["identical_outputs"] = all((work / f"workers-{n}.jsonl").read_bytes() == same for n in names)
    for mode in ("workers2", "dask2"):
        for kind in ("cold", "warm"):
            if f"{kind}_{mode}_s" in out:
                out[f"speedup_{kind}_{mode}"] = round(out[f"{kind}_workers1_s"] / out[f"{kind}_{mode}_s"], 2)
    return out


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and every process under it: the ones that
    ended (through getrusage) and the live ones, e.g. Dask's nannies and workers (psutil). On
    shared cores wall time depends on other jobs; the CPU a mode spends on the same work does not."""
    import resource

    import psutil

    total = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                for f in ("ru_utime", "ru_stime"))
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
        except psutil.Error:  # ended meanwhile: its time is in its parent's children's count
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _load_checker(settings) -> None:
    from pipeline.batch.work import checker_for

    checker_for(settings).extract_many([])


def conditions() -> dict:
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "python": platform.python_version(),
            "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.platform()}",
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run_bench(data_dir: Path, articles: int = 200, worker_articles: int = 200, skip: tuple[str, ...] = (),
              memory_articles: int = 1_000, on_step=lambda results: None) -> dict:
    """on_step(results so far) after each step: a long run on shared cores keeps what it measured."""
    from pipeline.config import Settings
    from pipeline.prices.csv_files import seed_store
    from pipeline.prices.store import PriceStore

    results = {"conditions_start": conditions()}
    with tempfile.TemporaryDirectory(prefix="tickercheck-bench-") as tmp:
        work = Path(tmp)
        settings = Settings(home=work / "home", data_dir=data_dir, offline=True)
        seed_store(PriceStore(settings.store_path), data_dir / "prices")
        records = real_articles(data_dir, articles)
        # extracted once for the verify and provider-call steps: on two shared cores,
        # extracting 200 articles takes minutes
        claims = functools.cache(lambda: extract_claims(records, settings))
        steps = {
            "throughput": lambda: bench_throughput(records, settings, work),
            "verify": lambda: bench_verify(claims(), settings),
            "provider_calls": lambda: bench_provider_calls(claims(), settings, work),
            "memory": lambda: bench_memory(records, work),
            "memory_real": lambda: bench_memory_real(data_dir, settings, work, memory_articles),
            "workers": lambda: bench_workers(records[:worker_articles], settings, work),
        }
        for name, step in steps.items():
            if name not in skip:
                started, load = time.perf_counter(), os.getloadavg()[0]
                try:
                    results[name] = step()
                except Exception as exc:  # noqa: BLE001 - one failed step must not lose the others
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
                results[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
                # the machine is shared: the 1-minute load average before and after each step
                results[name]["load_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
                on_step(results)
    results["conditions_end"] = conditions()
    return results


def bench(
    data_dir: Path = typer.Option(..., envvar="TICKERCHECK_DATA", help="Data directory with corpus/, prices/ and reference/."),
    articles: int = typer.Option(200, help="Real articles for the throughput, verify and provider-call steps."),
    worker_articles: int = typer.Option(200, help="Real articles for the workers and Dask step."),
    memory_articles: int = typer.Option(1_000, help="Distinct real articles for the real-pipeline memory step."),
    skip: List[str] = typer.Option([], help="Steps to leave out: throughput, verify, provider_calls, memory, memory_real, workers."),
    out: Optional[Path] = typer.Option(None, help="Also write the results here (JSON)."),
) -> None:
    """Measure batch throughput, verification speed, provider calls, memory and worker speed-up."""
    def save(results: dict) -> None:
        if out:
            out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    results = run_bench(data_dir, articles, worker_articles, tuple(skip), memory_articles, save)
    save(results)
    typer.echo(json.dumps(results, indent=2))
