"""What counts as a time expression in a text: the TIME span patterns, one named piece per sort.

TIME_RE finds the spans and `find_times` trims a leading preposition off them; dates.py reads
them. Many TIME spans are not a session or period a price claim can be checked on ("the fourth
quarter", "a year ago", "currently", "annual"); they are annotated, so they are found, and
NOT_A_SESSION_RE names them so the parser declines them and claim assembly keeps to the times
it can check.

Order matters inside TIME_RE: at one position the first alternative that matches wins, so a
longer reading ("24 hours ago", "early Wednesday morning") comes before a shorter one ("24
hours", "Wednesday").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.annotations import TIME_PREPOSITION

MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = "|".join(WEEKDAYS)
# A business day or week is a trading one ("the previous business week").
PREV_SESSION = (r"(?:the\s+)?(?:previous|prior|preceding)\s+(?:(?:trading|business)\s+)?(?:day|session)"
                r"|the\s+day\s+before")
NUMBER = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
# "over the past five sessions", "in the last 24 hours", "past month": rolling windows to the anchor.
_ROLLING = (rf"(?:(?:over|in|during)\s+)?(?:the\s+)?(?:past|last|previous)\s+(?:(?:{NUMBER})\s+)?"
           rf"(?:(?:trading|business)\s+)?(?:sessions?|days?|weeks?|months?|years?|hours?)"
           rf"|in\s+24\s+hours|24[-\s]hours?|(?:on\s+)?a\s+24[-\s]hour\s+basis")
# A year a text names, not an amount or an index level ("$2,025", "Russell 2000", "2025 points").
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_BARE_YEAR = (rf"(?<![\d,.$€£#/©-])(?<!\(c\)\s)(?<!©\s)(?<!copyright\s)(?<!russell\s){_YEAR}"
              r"(?![\d%/]|[.,]\d|-\d|\s*(?:percent|points?|pts|shares|bps)\b)")
# "since March", "since March 3", "since 2021", "since the start of the year": from then to the anchor.
# Also since an event that starts a price's run ("since the Nov. 5 election", "since their inception").
SINCE_EVENT = r"(?:election|inception|launch|listing|IPO|debut|halving)\b"
# "since mid-May" too: "since" is part of the span, though the parser cannot date a month's middle.
_SINCE = (rf"since\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?(?:year|month|week|{MONTHS}|{_YEAR})"
         rf"|the\s+first\s+day\s+of\s+the\s+month|the\s+year\s+began|then|{_YEAR}\b"
         rf"|(?:(?:early|mid|late)[-\s])?(?:{MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:of\s+)?\d{{4}})?"
         rf"|(?:the|their|its)\s+(?:(?:{MONTHS})\.?\s+\d{{1,2}}\s+)?{SINCE_EVENT})")
# "Coming into Wednesday trading, Tesla was off 3%": up to the session before that day. Only
# opening a sentence, where it frames what follows ("momentum coming into 2025" does not).
INTO_DAY = rf"(?-i:Coming|Heading|Going)\s+into\s+(?:{_WEEKDAY}|today)(?:['’]s)?(?:\s+(?:trading|session))?"
# Moves inside a session that daily bars only bound: premarket, after-hours, at the open, and
# "intraday" said of a move ("soared 16% intraday,"), not of a noun ("its intraday high").
_ADVERB_END = r"(?=\s*[,.;:)]|\s*$)"
LIVE = (r"(?:in\s+)?(?:pre-?market|after[-\s]?hours|extended|early|late|midday|morning|afternoon)\s+"
        r"(?:trading|trade|deals|activity)|pre-?market\s+hours|pre-?market|after-?hours"
        rf"|after\s+the\s+(?:closing\s+)?bell|before\s+the\s+bell|intraday{_ADVERB_END}")
# "for the week ended Feb. 7": the sessions of that week, up to that day.
_WEEK_ENDED = (rf"(?:the\s+)?week\s+end(?:ed|ing)\s+(?:(?:{_WEEKDAY}),?\s+)?(?:{MONTHS})\.?\s+\d{{1,2}}"
              rf"(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?")

# "revenue in the three months ended Dec. 31": a reporting period, read as none.
_MONTHS_ENDED = (rf"the\s+(?:{NUMBER})\s+(?:months|weeks|days)\s+end(?:ed|ing)\s+(?:{MONTHS})\.?\s+\d{{1,2}}"
                 rf"(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?")
# "03:49 ET", "3:16:56 PM ET", "8:15 a.m. ET": a clock time is only one with its zone. Reuters
# writes GMT four digits together: "by 1101 GMT", "as of 0930 GMT".
CLOCK = (r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?\s+(?:ET|EDT|EST|GMT|UTC|BST|CET)"
          r"|(?:[01]\d|2[0-3])[0-5]\d\s+(?:GMT|UTC)\b")
_MONTH_DAY = (rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}}(?:\s+{CLOCK})?)?"
              rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})(?:\s+\d{{4}})?"
              r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:19|20)\d\d")
# A named day, narrowed to a part of it ("early Wednesday morning", "late Monday", "late on
# Tuesday", "Tuesday's close"): still that day's session. Possessives only with the part of the
# day they name.
DAY_EDGE = r"(?:early|late|earlier|later)"
EDGE_OF_DAY = rf"{DAY_EDGE}\s+(?:on\s+)?"  # "late Tuesday", "late on Tuesday"
DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night)(?:\s+trading)?|['’]s\s+(?:close|open|opening\s+bell|session))"
_NAMED_DAY = (rf"(?:{EDGE_OF_DAY})?(?:last\s+)?(?:{_WEEKDAY})(?:,?\s+(?:{MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
              rf"(?:{DAY_PART})?"
              rf"|(?:{DAY_EDGE}\s+)?(?:yesterday|today)(?:{DAY_PART})?|this\s+(?:morning|afternoon|evening)")
# Month names only capitalised ("may" the verb, "march" the walk); "May" only after "in".
# "Uptober" is crypto's October.
_MONTH_NAME = r"(?-i:January|February|March|April|June|July|August|September|October|November|December|Uptober|(?<=in\s)May)"
_MONTH_OR_YEAR = (rf"(?:(?:early|mid|late)[-\s]|(?:{DAY_EDGE})\s+in\s+|last\s+)?{_MONTH_NAME}(?:\s+(?:of\s+)?{_YEAR})?\b"
                  rf"|(?:early|mid|late)[-\s](?:{_YEAR}|year|month|week)\b|end-of-(?:year|month|week)"
                  rf"|(?:fiscal|calendar)\s+(?:year\s+)?{_YEAR}|calendar\s+'\d\d|{_BARE_YEAR}")
# Reporting periods: earnings and guidance, never a price session.
_ORDINAL = r"first|second|third|fourth"
# The year of a quarter or a full year may be a fiscal one: "the first quarter of fiscal 2025",
# "first-quarter fiscal 2025", "full year 2024".
_OF_YEAR = rf"\s+(?:of\s+)?(?:fiscal\s+)?{_YEAR}"
_QUARTER = (rf"(?:the\s+)?(?:fiscal\s+)?(?:{_ORDINAL})[-\s]quarter(?:{_OF_YEAR})?(?![-\w])"
            rf"|(?:the\s+)?first\s+(?:two|three)\s+quarters(?:\s+of\s+{_YEAR})?"
            rf"|(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:the\s+year|{_YEAR})"
            rf"|(?:fiscal\s+)?(?-i:Q[1-4])(?:\s+{_YEAR})?"
            rf"|(?-i:FY\s?(?:{_YEAR}|\d\d))(?!\w)"
            rf"|the\s+(?:(?:prior|previous|current|just-ended|year-ago|prior-year|holiday)\s+)?quarter(?![-\w])"
            r"|the\s+same\s+quarter(?:\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year))?(?![-\w])"
            rf"|(?:last|this|next)\s+quarter(?![-\w])|(?:the\s+)?{_MONTH_NAME}[-\s]quarter(?![-\w])"
            rf"|(?:the\s+)?full[-\s]year(?:{_OF_YEAR}\b)?|the\s+(?:current|prior|next|last)\s+fiscal\s+year")
# Comparisons and horizons: the other end of a growth figure, or the future.
_COMPARISON = (rf"(?:an?|several|a\s+few|{NUMBER})\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\s+"
               r"(?:ago|earlier|later)"
               r"|the\s+same\s+(?:period|year)(?:\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year))?"
               rf"|the\s+(?:prior|preceding)\s+(?:(?:{NUMBER})\s+)?(?:years?|months?|weeks?)(?:\s+period)?"
               r"|the\s+(?:year|month|week)\s+(?:before|prior|earlier)"
               r"|(?:year|month|quarter|week)[-\s](?:over|on)[-\s](?:year|month|quarter|week)"
               r"|(?-i:YoY|QoQ|MoM|[YMQ]/[YMQ])"
               rf"|the\s+(?:next|coming|following|forthcoming)\s+(?:(?:{NUMBER}|few|several)\s+)?(?:trading\s+)?"
               r"(?:years?|months?|weeks?|days?|hours?|sessions?)"
               r"|the\s+(?:near|short|long)[-\s]term|next\s+(?:week|month|year)"
               r"|(?:year|quarter|month|week)[-\s]end\b|(?:year|quarter|month|week)['’]s\s+end")
_NTH = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"  # "a fifth straight session"
# The present and the recent past, without a day to check a price on.
# Bare "now" and "recently" are left out: as often filler ("traders now expect") as a time.
_PRESENT = (rf"right\s+now|currently|lately|more\s+recently|recent\s+(?:days|weeks|months|trading)"
            rf"|the\s+(?:past|last)\s+(?:few|several)\s+(?:days|weeks|months)(?:\s+of\s+{_YEAR})?"
            rf"|this\s+writing|this\s+period|overnight"
            rf"|(?:{DAY_EDGE})\s+(?:in\s+the\s+(?:day|week|month|year|session)|(?:this|that)\s+(?:day|week|month|year)"
            rf"|morning|afternoon|evening)"
            rf"|(?:{NUMBER})\s+(?:consecutive|straight)\s+(?:trading\s+)?(?:days|sessions)"
            rf"|(?:an?\s+|the\s+)?(?:\d+(?:st|nd|rd|th)|{_NTH})[-\s](?:consecutive|straight)\s+(?:trading\s+)?(?:day|session)\b"
            rf"|(?:the|this\s+past|last)\s+weekend|the\s+rest\s+of\s+the\s+(?:day|week|month|year|session)"
            rf"|the\s+(?:opening|closing)\s+bell|the\s+first\s+time|through(?:out)?\s+the\s+(?:day|session)"
            rf"|(?<=end\sof\s)the\s+(?:day|session)"  # "at the end of the day" (_with_part adds "the end of")
            # "By the close,", "from the prior close.": the close or open itself, not a noun's
            # ("the open market"); with how near it a thing happened ("shortly after the open").
            rf"|(?:(?:shortly|just|minutes|hours|right|soon)\s+(?:after|before|ahead\s+of)\s+)?"
            rf"the\s+(?:(?:previous|prior|market)\s+)?(?:close|open){_ADVERB_END}")
# How long something lasted or will last: "about 14 days", "in five months", "for six years",
# "in a year" (not "a year ago", read above, nor "$5 a day").
_DURATION = (r"(?:\d+(?:\.\d+)?(?:[-–]\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several"
             r"|a\s+few)\s+(?:days|weeks|months|years)|less\s+than\s+a\s+(?:day|week|month|year)"
             r"|(?:(?<=for\s)|(?<=in\s)|(?<=within\s))a\s+(?:day|week|month|year|while)\b")  # "for a month"
# How often a figure is measured: "annual sales". Not "50-day", which the annotations leave out;
# "daily" and "weekly" only as the span of a price move ("daily losses", "second consecutive
# weekly gain", "gains of 5% daily."), not of flows, volume, users, a chart or a fund ("Daily").
_MOVE_NOUN = (r"(?:gain|loss|decline|advance|fall|drop|rall(?:y|ie)|rise|slide|retreat|rebound|climb|jump|"
              r"surge|tumble|slump|dip|increase|decrease)(?:e?s)?\b")
_FREQUENCY = rf"annual|(?<!\()(?:(?-i:daily)|weekly)(?=\s+{_MOVE_NOUN}|{_ADVERB_END})"

TIME_RE = re.compile(
    rf"\b(?:{_WEEK_ENDED}|{_MONTHS_ENDED}|{_NAMED_DAY}|{_MONTH_DAY}|{CLOCK}"
    rf"|{PREV_SESSION}|{_SINCE}|{LIVE}|{INTO_DAY}"
    rf"|(?<=for\s)the\s+week|(?<=on\s)the\s+week|(?<=over\s)the\s+week"
    rf"|(?<=for\s)the\s+(?:month|year)|(?<=on\s)the\s+day|(?<=during\s)the\s+(?:week|month|year|day|session)"
    rf"|{_COMPARISON}|{_PRESENT}|{_QUARTER}|{_MONTH_OR_YEAR}|{_FREQUENCY}|{_DURATION}"
    rf"|yesterday|today|this\s+(?:week|month|year)|(?:{_ROLLING})|last\s+(?:week|month|year)"
    rf"|(?:so\s+far\s+)?in\s+(?:19|20)\d\d|(?:year|month|week)[-\s]to[-\s]date|so\s+far\s+this\s+year|YTD|MTD)\b",
    re.I,
)

# A part of a time ("the start of 2025", "the first four days of the previous week", "towards the
# end of last week", "most of this year"): one span with the time it narrows. The parser reads
# none but the end: a move "by the end of last week" is last week's (END_OF, dates.py).
END_OF = r"(?:towards?\s+)?(?:the\s+)?end\s+of\s+"
_START_OF = (rf"(?:towards?\s+)?(?:most|(?:the\s+)?(?:start|beginning|middle"
             rf"|first\s+(?:(?:{NUMBER})\s+)?(?:days?|weeks?|months?|sessions?)))\s+of\s+")
_PART_OF_BEFORE = re.compile(rf"\b(?:{END_OF}|{_START_OF})$", re.I)
# Two times that bound one stretch: "this year through Tuesday", "between July 6 and July 10".
_THROUGH = re.compile(r"\s+(?:through|thru)\s+", re.I)
_BETWEEN = (re.compile(r"\bbetween\s+$", re.I), re.compile(r"\s+and\s+", re.I))

# TIME spans that name no session or period to check a price on: the parser returns None for
# them, as it is given them (in their case, perhaps after "in": "in the fourth quarter").
NOT_A_SESSION_RE = re.compile(
    rf"(?:in\s+)?(?:{_COMPARISON}|{_PRESENT}|{_QUARTER}|{_MONTH_OR_YEAR}|{_FREQUENCY}|{_DURATION}"
    rf"|{_MONTHS_ENDED}|{_START_OF}.+|between\s.+"
    rf"|the\s+(?:month|year|day))",
    re.I,
)


def find_times(text: str) -> Iterator[tuple[int, int]]:
    """Character offsets of the TIME spans in `text`, each starting at its time words ("Friday",
    not "on Friday"): the annotation convention. A lone preposition-like word is kept. Times
    that bound one stretch, and a time with the part of it named before it, are one span."""
    spans = []
    for m in TIME_RE.finditer(text):
        lead = TIME_PREPOSITION.match(m.group(0))
        spans.append((m.start() + (lead.end() if lead and lead.end() < len(m.group(0)) else 0), m.end()))
    spans = [_with_part(text, *span) for span in _join_bounds(text, spans)]
    yield from (s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans))


def _join_bounds(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two times that bound one stretch are one span: "this year through Tuesday", "between July
    6 and July 10", "between Monday and Friday this week" (with the time that places both)."""
    out: list[tuple[int, int]] = []
    between = False  # the last span is a "between ... and ..." one
    for start, end in spans:
        gap = text[out[-1][1]:start] if out else ""
        if out and _THROUGH.fullmatch(gap) or between and gap == " ":
            out[-1], between = (out[-1][0], end), False
            continue
        lead = _BETWEEN[0].search(text, max(0, out[-1][0] - 10), out[-1][0]) if out else None
        if lead and _BETWEEN[1].fullmatch(gap):
            out[-1], between = (lead.start(), end), True
            continue
        out.append((start, end))
        between = False
    return out


def _with_part(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the part of it named before it ("the start of 2025"); not before a
    possessive ("the start of today's tumble": that start is the tumble's)."""
    part = _PART_OF_BEFORE.search(text, max(0, start - 60), start)
    if part is None or re.match(r"['’]s\b", text[end:end + 2]):
        return start, end
    return part.start(), end
