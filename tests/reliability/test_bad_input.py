"""Bad and odd input through the CLI and check_text: each gets a clear, coded message and the
documented exit status; nothing crashes and no claim is invented."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.article import MAX_CHARS, MAX_INPUT_BYTES
from pipeline.cli import app
from pipeline.errors import InputError
from pipeline.run import check_text
from tests.conftest import FIXTURES

runner = CliRunner()
CLAIM = "On December 12, Broadcom fell 11.4%."


@pytest.fixture()
def env(seeded_home, data_dir):
    return {"TICKERCHECK_HOME": str(seeded_home), "TICKERCHECK_DATA": str(data_dir)}


def _cli(env, data: bytes, *args):
    return runner.invoke(app, ["check", "-", "--published", "2025-12-13", "--offline",
                               "--format", "json", *args], input=data, env=env)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b" \n\t\r\n   ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 9)) * 200, "control characters"),
    (b"Broadcom fell \xff\xfe 11.4%", "not valid UTF-8"),
    (b"x" * (MAX_INPUT_BYTES + 1), "larger than"),
    ((CLAIM + " ").encode() * (MAX_CHARS // len(CLAIM) + 1), "limit is"),
    (b"<html><body><script>var a = 1;</script><div></div></body></html>", "HTML without any readable text"),
])
def test_unreadable_input_is_refused_with_exit_2(env, data, message):
    result = _cli(env, data)
    assert result.exit_code == 2, result.output
    assert "[E001]" in result.output and message in result.output


def test_ten_megabytes_from_a_file_is_refused_without_reading_it_all(env, tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Broadcom fell 11.4%. " * 500_000)  # 10.5 MB
    result = runner.invoke(app, ["check", str(path), "--offline"], env=env)
    assert result.exit_code == 2 and "[E001]" in result.output and "larger than" in result.output


def test_a_future_publication_time_is_refused(env):
    result = runner.invoke(app, ["check", "-", "--published", "2999-01-01", "--offline"], input=CLAIM, env=env)
    assert result.exit_code == 2 and "in the future" in result.output


def test_hundred_thousand_lines_keep_offsets_and_claims(offline_checker):
    text = CLAIM + "\n" + "\n" * 100_000 + "On December 12, AMD fell 4.8%."
    report = check_text(text, "2025-12-13", checker=offline_checker)
    claims = [(c.claim.symbol, c.verdict.label.value) for c in report.claims]
    assert claims == [("AVGO", "ACCURATE"), ("AMD", "ACCURATE")]
    last = report.claims[-1].claim.candidate
    assert text[last.start:last.end] == last.quote and last.start > 100_000


def _labels(report):
    return [(c.claim.symbol, c.claim.candidate.value, c.verdict.label.value) for c in report.claims]


def test_html_page_is_reduced_to_its_article(offline_checker):
    page = ("<!doctype html><html><head><title>Chips</title><script>var teaser = 'Nvidia fell 99%';"
            "</script></head><body><nav>Home | Markets | Crypto</nav><article><h1>Chip stocks slide</h1>"
            f"<p>{CLAIM}</p><p>Investors worried about the cost of AI data centres, analysts said in "
            "notes to clients on Friday.</p></article><footer>&copy; 2025 Example News</footer></body></html>")
    report = check_text(page, "2025-12-13", checker=offline_checker)
    assert _labels(report) == [("AVGO", 11.4, "ACCURATE")]
    assert any("HTML" in w for w in report.warnings)


@pytest.mark.parametrize("page", [
    "<div>" * 100_000 + f"<p>{CLAIM}</p>" + "</div>" * 100_000,  # deeper than lxml goes
    "<html><body>" + "<span class='ad'></span>" * 100_000 + f"<p>{CLAIM}</p></body></html>",  # 2.4 MB
], ids=["deeply-nested", "huge"])
def test_deep_and_huge_html_still_yields_the_claim(offline_checker, page):
    report = check_text(page, "2025-12-13", checker=offline_checker)
    assert _labels(report) == [("AVGO", 11.4, "ACCURATE")]


@pytest.mark.parametrize("text", [
    "On December 12, شركة Broadcom fell 11.4%, ‏according to traders in דובאי.",  # Arabic, Hebrew, RLM
    "‮On December 12, Broadcom fell 11.4%.‬",  # a right-to-left override around the sentence
    "📉 On December 12, Broadcom 🚀 fell 11.4% 🤯🤯 (yes, really) 👀",
    "On December 12, Broadcom fell 11.4%. 東京の市場は静かだった。",
], ids=["rtl-names", "rtl-override", "emoji", "mixed-scripts"])
def test_mixed_scripts_rtl_and_emoji_keep_the_claim(offline_checker, text):
    assert _labels(check_text(text, "2025-12-13", checker=offline_checker)) == [("AVGO", 11.4, "ACCURATE")]


@pytest.mark.parametrize("text", [
    "Die Aktie von Broadcom fiel am 12. Dezember um 11,4 Prozent, nachdem der Konzern seine Prognose gesenkt hat.",
    "Las acciones de Broadcom cayeron un 11,4% el 12 de diciembre después de que la empresa redujera su previsión.",
    "博通股价12月12日下跌11.4%，此前该公司下调了全年预期，投资者担心人工智能支出。",
    "انخفض سهم برودكوم بنسبة 11.4% يوم 12 ديسمبر بعد أن خفضت الشركة توقعاتها للعام",
], ids=["german", "spanish", "chinese", "arabic"])
def test_other_languages_get_no_claims_and_a_warning(offline_checker, text):
    report = check_text(text, "2025-12-13", checker=offline_checker)
    assert report.claims == ()
    assert any("only English is supported" in w for w in report.warnings)


def test_every_english_fixture_article_passes_the_language_check(data_dir):
    from pipeline.annotations import load_gold  # the 66 hand-annotated real articles
    from pipeline.language import unsupported_language

    texts = [item.text for item in load_gold(FIXTURES / "annotations", data_dir)]
    assert len(texts) >= 60
    assert [t[:60] for t in texts if unsupported_language(t)] == []


@pytest.mark.parametrize("text,value,step", [
    ("On December 12, Broadcom fell −11.4%.", 11.4, 0.1),  # U+2212 minus sign
    ("On December 12, Broadcom fell 11,4 %.", 11.4, 0.1),  # decimal comma
    ("On December 12, Broadcom was minus 11 percent.", 11.0, 1.0),
    ("On December 12, Broadcom fell 11.4pc.", 11.4, 0.1),
    ("On December 12, Broadcom fell 11½%.", 11.5, 0.5),
])
def test_odd_number_forms_are_read_and_checked(offline_checker, text, value, step):
    (claim,) = check_text(text, "2025-12-13", checker=offline_checker).claims
    c = claim.claim.candidate
    assert (claim.claim.symbol, c.direction, c.value, c.step) == ("AVGO", "down", value, pytest.approx(step))
    assert claim.verdict.label.value == "ACCURATE"


def test_half_percent_claim_is_checked_against_its_precision(offline_checker):
    (claim,) = check_text("On December 12, Nvidia rose ½%.", "2025-12-13", checker=offline_checker).claims
    assert (claim.claim.candidate.value, claim.claim.candidate.step) == (0.5, 0.5)
    assert claim.verdict.label.value == "INACCURATE"  # NVDA fell 3.27% that day: a real contradiction


@pytest.mark.parametrize("text,reason", [
    ("On December 15, 2025, Broadcom fell 5%.", "had not closed"),  # after publication
    ("On January 6, 2020, SanDisk rose 5%.", "no SNDK bars"),  # before SanDisk's listing
    ("On December 12, $ZZZZQ rose 5%.", "no listed symbol"),  # unknown symbol
    ("On December 12, GameStop (GME) rose 5%.", "no GME bars"),  # listed, no bars in the store
])
def test_dates_and_symbols_that_cannot_be_checked_say_why(offline_checker, text, reason):
    (claim,) = check_text(text, "2025-12-13", checker=offline_checker).claims
    assert claim.verdict.label.value == "UNVERIFIABLE"
    assert reason in claim.verdict.explanation


def test_cli_unverifiable_claims_still_exit_0_with_json(env):
    result = _cli(env, b"On December 15, 2025, Broadcom fell 5%.")
    assert result.exit_code == 0
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["verdict"]["label"] == "UNVERIFIABLE"


def test_check_text_raises_only_coded_input_errors_for_bad_bytes(offline_checker):
    with pytest.raises(InputError, match=r"^\[E001\]"):
        check_text(b"\xc3\x28 broken", "2025-12-13", checker=offline_checker)
