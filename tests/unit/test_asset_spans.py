"""Spec table for the rules' ASSET spans and their links (pipeline/nlp/rules.py `_assets`, the
alias table and the reference lists in the data directory). Each case: a text in the style of
real news, the (span, symbol) pairs that must be found, as often as listed ("" = an asset left
unlinked), and the span texts that must not be read as an asset."""
from __future__ import annotations

from collections import Counter

import pytest

from pipeline.nlp.build import make_nlp
from pipeline.resolve.listings import short_names
from pipeline.resolve.wordforms import load_word_forms

CASES = [
    # boundaries: the longer, conventional name wins
    ("The Nasdaq Composite rose 1.2%.", [("Nasdaq Composite", "^IXIC")], ["The Nasdaq"]),
    ("Shares of UnitedHealth Group fell 20%.", [("UnitedHealth Group", "UNH")], ["UnitedHealth"]),
    ("Meta Platforms Inc Class A (META) is currently at $715.95.", [("Meta Platforms Inc Class A", "META")], []),
    # a company with its legal form and a ticker the reference lists do not hold (taken private,
    # not yet listed): the article's own ticker links it
    ("Dun & Bradstreet Holdings (DNB) descended 7.4%.", [("Dun & Bradstreet Holdings", "DNB"), ("DNB", "DNB")],
     ["Bradstreet Holdings"]),
    ("Hanesbrands Inc. (HBI) is currently at $6.30.", [("Hanesbrands Inc.", "HBI"), ("HBI", "HBI")], []),
    ("The Federal Reserve Board (FRB) said rates rose.", [], ["FRB", "Federal Reserve Board"]),
    # a fund's name before its ticker, as the wire writes it (issuers rename funds; the lists lag)
    ("Healthcare\n\nThe State Street Health Care Select Sector SPDR (XLV) rose 1.6%. iShares US Healthcare (IYH) and "
     "Vanguard Health Care ETF (VHT) also gained; Direxion Daily Financial Bear 3X Shares (FAZ) declined 2.3%.",
     [("State Street Health Care Select Sector SPDR", "XLV"), ("XLV", "XLV"), ("iShares US Healthcare", "IYH"),
      ("Vanguard Health Care ETF", "VHT"), ("Direxion Daily Financial Bear 3X Shares", "FAZ")],
     ["The State Street Health Care Select Sector SPDR", "Healthcare The State Street Health Care Select Sector SPDR"]),
    # a listed ticker written bare: linked when the article names the company
    ("Nvidia (NVDA) stock fell more than 5% on Wednesday. Analysts said NVDA remains the strongest player.",
     [("NVDA", "NVDA"), ("NVDA", "NVDA")], []),
    ("Allstate rose 2% and ALL analysts agreed.", [("Allstate", "ALL")], ["ALL"]),  # "ALL" is an everyday word
    # short company names: from the listing ("Enphase Energy"), before a ticker, or named in full earlier
    ("Residential solar company Enphase reported earnings; Enphase shares rose 6%.", [("Enphase", "ENPH")], []),
    ("Bitcoin miner Iren (IREN) shot up 22%.", [("Iren", "IREN"), ("IREN", "IREN")], []),
    ("Kraft's (NASDAQ:KHC) brands lost share.", [("Kraft", "KHC")], []),
    # the name before an exchange's ticker: a listing named by no alias alone ("Snap", an everyday
    # word), a possessive that is part of the name, a web address, a company taken private since
    ("Snap (NYSE:SNAP) stock rose 2.3%, McDonald’s (NYSE:MCD) stock rose 2% and Monday.Com (NASDAQ:MNDY) stock "
     "rose 23% on Monday.", [("Snap", "SNAP"), ("McDonald’s", "MCD"), ("Monday.Com", "MNDY")], ["Com", "Monday"]),
    ("Hyatt agreed to buy Playa Hotels & Resorts (NASDAQ:PLYA) for about $2.6 billion.",
     [("Playa Hotels & Resorts", "PLYA"), ("PLYA", "PLYA")], []),
    ("Marvell Technology ( MRVL ) fell 7%. Wedbush said Marvell's news is advantageous.",
     [("Marvell Technology", "MRVL"), ("Marvell", "MRVL")], []),
    # foreign issuers' US listings (European legal forms, ADRs) by the name news gives them; an
    # ADR only where the article speaks of ADRs (a European morning report means the home listing)
    ("Equinor rose 3.6% and HSBC fell. Kosmos Energy shares rose over 8% and Novo Nordisk's Wegovy sales beat.",
     [("Equinor", "EQNR"), ("HSBC", "HSBC"), ("Kosmos Energy", "KOS"), ("Novo Nordisk", "NVO")], []),
    ("European ADRs rose on the S&P Europe Select ADR Index, led by Sequans Communications and Trinity Biotech.",
     [("Sequans Communications", "SQNS"), ("Trinity Biotech", "TRIB")], []),
    ("The Stoxx Europe 600 fell in morning trading. Fresenius Medical Care lost 5%.", [], ["Fresenius Medical Care"]),
    # a name word the listing's legal name lacks makes another company: "Ferrari Group" is no Ferrari N.V.
    ("Ferrari Group's shares were up almost 5%, while Ferrari rose 1%.", [("Ferrari Group", ""), ("Ferrari", "RACE")],
     []),
    # crypto: lower-case names, pairs, and tickers listed side by side
    ("In crypto markets, solana rose 3% and litecoin fell 1%.", [("solana", "SOL-USD"), ("litecoin", "LTC-USD")], []),
    ("Bitcoin steadied. Source: BTCUSD on TradingView. Bitcoin (BTC-USD) added 6.6%.",
     [("BTCUSD", "BTC-USD"), ("BTC-USD", "BTC-USD")], []),
    ("The crypto market is green today, led by ADA's 5.5% surge. AVAX, DOT, and HYPE follow suit.",
     [("AVAX", "AVAX-USD"), ("DOT", "DOT-USD")], []),
    # government bond yields by tenor: linked where Yahoo has the index, other tenors and
    # other countries' bonds unlinked, a company's own notes no asset
    ("The yield for 10-year US Treasuries rose 4.2 basis points, while the two-year yield rose 4.9.",
     [("yield for 10-year US Treasuries", "^TNX"), ("two-year yield", "")], []),
    ("The yield on benchmark U.S. 10-year notes fell. The 30-year rate was up 3.6 basis points.",
     [("yield on benchmark U.S. 10-year notes", "^TNX"), ("30-year rate", "^TYX")], []),
    ("The two-year and 10-year yields rose. The German 10-year yield fell.",
     [("two-year", ""), ("10-year yields", "^TNX"), ("10-year yield", "")], []),
    ("Apple sold 10-year notes worth $2 billion.", [("Apple", "AAPL")], ["10-year notes"]),
    # an index its provider names, unlinked; a known index with "index" after it stays the alias table's
    ("Energy stocks rose, with the NYSE Energy Sector Index up 1.9% and the Dow Jones US Utilities index up 0.5%; "
     "the S&P 500 index gained 1%.", [("NYSE Energy Sector Index", ""), ("Dow Jones US Utilities index", ""),
                                      ("S&P 500 index", "^GSPC")], ["Dow Jones", "NYSE"]),
    # quote codes after a name (Reuters, MarketWatch) name what the name names
    ("The yield on the 30-year Treasury BX:TMUBMUSD30Y climbed. U.S. gold futures (GCc1) rose 0.6%, and the "
     "Mexican peso < MXN=> weakened. Ethereum (ETH=) rose 4.3%.",
     [("TMUBMUSD30Y", "^TYX"), ("GCc1", "GC=F"), ("MXN=", ""), ("ETH=", "ETH-USD")], ["BX:TMUBMUSD30Y"]),
    # currencies, unlinked: the nation's word is part of the name; a sum in a currency is no asset
    ("The dollar softened, and the US dollar index fell. The Mexican peso weakened versus the dollar, as the dollar "
     "inched up to 157.63 Japanese yen from 157.18 yen; sales in dollar terms rose.",
     [("dollar", ""), ("US dollar index", ""), ("Mexican peso", ""), ("dollar", ""), ("dollar", "")],
     ["yen", "Japanese yen", "dollar index"]),
    # Treasury yields by maturity, however the wire words them (the 2-year has no Yahoo index)
    ("US Treasury yields were higher, with the two-year yield up 4.9 basis points and the 30-year rate up 3.6 basis "
     "points; the yield on benchmark U.S. 10-year notes rose, with the 10-year up 9.2 basis points.",
     [("two-year yield", ""), ("30-year rate", "^TYX"), ("yield on benchmark U.S. 10-year notes", "^TNX"),
      ("10-year", "^TNX")], []),
    ("The 30-year mortgage rate rose to 7%, as the yield on the 2-year Treasury fell.", [("yield on the 2-year Treasury", "")],
     ["30-year", "30-year mortgage rate"]),
    # not the asset: sources, publishers, brokers, products, other names
    ("All data as of 3:16 PM ET\n\nSource: Dow Jones Market Data, FactSet", [], ["FactSet", "Dow Jones"]),
    # the wire agency after a dateline, not Ampco-Pittsburgh; a company opening a line keeps its ticker
    ("TOKYO (AP) — Asian shares climbed on Tuesday.\nBP (NYSE:BP) ADRs rose 6.6%.", [("BP", "BP"), ("BP", "BP")], ["AP"]),
    ("Copyright (c) 2025 Dow Jones & Company, Inc.", [], ["Dow Jones", "Dow", "Dow Jones & Company, Inc."]),
    ("(END) Dow Jones Newswires", [], ["Dow", "Dow Jones"]),
    ("Apple shed 2.5% after Bloomberg News reported the probe.", [("Apple", "AAPL")], ["News"]),
    ("Mizuho analysts said Nvidia could rise 10%.", [("Nvidia", "NVDA")], ["Mizuho"]),
    ("Tyler Cowen said stocks rose 1%.", [], ["Tyler"]),
    ("Spot Bitcoin ETF inflows rose.", [("Bitcoin", "BTC-USD")], []),
    ("XYL rose 1.5% in 2024.", [], ["XYL"]),  # no company named: a bare ticker stays unread
    ("Meta rose 1%.\n\nMETA SHARES POISED FOR RECORD WINNING STREAK", [("Meta", "META")], ["META"]),
    ("BEAT has plunged by 24% while bitcoin held.", [], ["BEAT"]),
]

# Names the alias table (pipeline/data/aliases.csv) gives: index, yield and crude names as other
# writers give them, share classes, short company names, and assets with no one symbol.
TABLE_CASES = [
    ("The Dow industrials was little changed.", [("Dow industrials", "^DJI")], ["The Dow"]),
    ("Futures tracking the benchmark S&P 500 were down 0.5%.", [("S&P 500", "ES=F")], ["benchmark S&P 500"]),
    ("Berkshire Hathaway B (BRK.B) closed at $411.57. BRK.B's PEG ratio is 3.17.",
     [("Berkshire Hathaway B", "BRK-B"), ("BRK.B", "BRK-B"), ("BRK.B", "BRK-B")], ["Berkshire Hathaway"]),
    ("The Nasdaq Composite ( COMP:IND ) rose 0.56% and the Dow ( DJI ) jumped 0.8%.",
     [("COMP:IND", "^IXIC"), ("DJI", "^DJI")], []),
    ("The TSX Composite pulled back.", [("TSX Composite", "^GSPTSE")], []),
    # currencies: Yahoo's yen pair moves the other way round; left unlinked like the annotations
    ("The yen rose 0.5% and the euro fell, while the dollar index edged up.",
     [("yen", ""), ("euro", ""), ("dollar index", "")], []),
    ("The yield on the 10-year U.S. Treasury rose to 4.54%.", [("yield on the 10-year U.S. Treasury", "^TNX")], []),
    ("West Texas Intermediate crude oil dropped 2.7% to $71.33 a barrel.",
     [("West Texas Intermediate crude oil", "CL=F")], ["West Texas Intermediate"]),
    # assets with no one symbol: spans left unlinked, or the contract where the article quotes Comex
    # A name linked once by the ticker after it is linked wherever the article repeats it.
    ("Philip Morris ( NYSE: PM ) reports on Thursday. Philip Morris’ shares jumped 4% on Tuesday.",
     [("Philip Morris", "PM"), ("PM", "PM"), ("Philip Morris", "PM")], []),
    # A commodity named bare is its continuous futures contract; a spot price has no series.
    ("A check on traditional markets showed gold climbing 0.5% to $3,850.", [("gold", "GC=F")], []),
    ("Spot gold climbed 1.5% and spot silver gained 2%, while silver futures rose 1%.",
     [("gold", ""), ("silver", ""), ("silver futures", "SI=F")], []),
    ("The German 10-year Bund yield rose by 2 basis points.", [("German 10-year Bund yield", "")], []),
    ("The WSJ Dollar Index edged down. The Canadian dollar advanced.",
     [("WSJ Dollar Index", ""), ("Canadian dollar", "")], ["Dollar Index"]),
    ("Gold on Comex rose 2.5%. Silver advanced 2.8%. Natural gas gained 1.7%.",
     [("Gold", "GC=F"), ("Silver", "SI=F"), ("Natural gas", "NG=F")], []),
    # short names and what is not the asset
    ("Walt Disney stock rose. Disney raised the price of its service.", [("Disney", "DIS")], []),
    ("Disney+ lost 700,000 subscribers.", [], ["Disney"]),
    ("China put a 15% tariff on liquefied natural gas products.", [], ["natural gas"]),
    ("Gold on Comex rose 2.5%, and the State Street SPDR Gold Shares (GLD) gained 2.2%; iShares Silver Trust (SLV) "
     "climbed.", [("Gold", "GC=F"), ("GLD", "GLD"), ("SLV", "SLV")], ["State Street", "Silver"]),
]


@pytest.fixture(scope="module")
def rules_nlp(data_dir):
    return make_nlp(str(data_dir), ())


@pytest.mark.parametrize("text,found,not_assets", CASES + TABLE_CASES, ids=[c[0][:50] for c in CASES + TABLE_CASES])
def test_asset_spans(rules_nlp, text, found, not_assets):
    doc = rules_nlp(text)
    assets = [(s.text, s.kb_id_) for s in doc.spans["fin"] if s.label_ == "ASSET"]
    assert not Counter(found) - Counter(assets), assets
    assert not {t for t, _ in assets} & set(not_assets), assets


def test_everyday_words_are_read_off_the_corpus(data_dir):
    words = load_word_forms(str(data_dir))
    assert words.is_english("beat") and words.is_english("News") and words.is_english("hype")
    assert not any(words.is_english(w) for w in ("Disney", "Enphase", "AAPL", "NVDA", "Delta"))


def test_short_names_only_for_a_distinctive_first_word(data_dir):
    shorts = dict(short_names(data_dir / "reference", load_word_forms(str(data_dir)).is_english))
    assert shorts["Enphase"] == "ENPH" and shorts["Spotify"] == "SPOT" and shorts["Regeneron"] == "REGN"
    # "Palo Alto Networks", "Delta Air Lines", "Procter & Gamble": the rest of the name is no generic word
    assert not {"Palo", "Delta", "Procter", "Philip"} & set(shorts)
