"""Component "fin_ner": the fine-tuned model's spans, merged into doc.spans["fin"].

Runs after "fin_rules". Only sentences where the rules found an amount or a level
(prefilter.py) are read by the model, packed into windows of whole sentences and run in batches
across documents. In those sentences the model's spans of the labels it is trusted with (config
`labels`, chosen by the ablation in models/fin-ner/README.md) replace the rule spans of those
labels they overlap, except TIME, where the rules' span (cut for the time parser) stays and
the model only adds times the rules missed; rule spans the model does not overlap stay, and so
do the spans of labels the model is not trusted with (and LEVEL and MARKET_VALUE, which only
the rules write): a model span crossing one of those is dropped. The model says *where* a span
is; what it means (symbol, direction, qualifier) comes from the rule span it overlaps or,
failing that, from the same tables the rules use. METRIC spans are written as whole names, as
the rules write them: pieces side by side joined, pieces of a word dropped, the modifier words
before them added (`_metric_names`).
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from pipeline.annotations import LABELS
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.rules import SPANS_KEY, modified_from, in_hyphen_compound, used_as_verb
from pipeline.ner.prefilter import claim_sentences
from pipeline.ner.windows import decode, encode, pack_sentences
from pipeline.resolve.symbols import load_alias_index


@lru_cache(maxsize=2)
def load_model(model_dir: str, int8: bool = True):
    """Tokenizer and model, once per process. Weights ship in float16; on CPU the linear layers
    run as dynamically quantized int8 (int8=True), which is what makes the model affordable on
    two cores; the ablation and test scores in the model card are measured that way."""
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    if not (Path(model_dir) / "model.safetensors").exists():
        raise FileNotFoundError(f"no fine-tuned model in {model_dir}; build it with `make model`")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForTokenClassification.from_pretrained(model_dir, dtype=torch.float32).eval()
    if int8:
        with warnings.catch_warnings():  # torch marks the quantized-tensor API as deprecated, not removed
            warnings.simplefilter("ignore", UserWarning)
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return tokenizer, model


@Language.factory(
    "fin_ner",
    default_config={"model_dir": None, "data_dir": None, "labels": list(LABELS), "batch_size": 32},
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.sents"],
)
def make_fin_ner(nlp: Language, name: str, model_dir: str | None, data_dir: str | None,
                 labels: list[str], batch_size: int) -> "FinNer":
    from pipeline.config import default_model_dir

    return FinNer(name, str(model_dir or default_model_dir()), data_dir, labels, batch_size)


class FinNer:
    def __init__(self, name: str, model_dir: str, data_dir: str | None, labels: list[str], batch_size: int):
        self.name = name
        self.tokenizer, self.model = load_model(model_dir)
        self.labels = frozenset(labels)
        self.batch_size = batch_size
        self.lexicon = load_lexicon()
        index = load_alias_index(data_dir)
        self.aliases = index
        self.by_text = {a.text.lower(): a.symbol for a in index.aliases}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            for doc, spans in zip(batch, self.predict(batch)):
                self.set_annotations(doc, spans)
                yield doc

    def predict(self, docs: list[Doc]) -> list[tuple[list[tuple[int, int]], list[tuple[int, int, str]]]]:
        """For each doc: the sentences the model read, and its character spans."""
        read = [claim_sentences(doc) for doc in docs]
        return list(zip(read, self.tag(docs, read)))

    def tag(self, docs: list[Doc], sentences: list[list[tuple[int, int]]]) -> list[list[tuple[int, int, str]]]:
        """The model's character spans (every label) in the given sentences of each doc."""
        import torch

        items, owner = [], []
        for n, doc in enumerate(docs):
            for w in pack_sentences(sentences[n], text_of(doc), self.tokenizer):
                items.append(encode(text_of(doc), w, self.tokenizer, spans=None))
                owner.append(n)
        found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        order = sorted(range(len(items)), key=lambda i: len(items[i]["input_ids"]))  # less padding
        with torch.inference_mode():
            for chunk in minibatch(order, self.batch_size):
                width = max(len(items[i]["input_ids"]) for i in chunk)
                ids = torch.full((len(chunk), width), self.tokenizer.pad_token_id)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for k, i in enumerate(chunk):
                    n = len(items[i]["input_ids"])
                    ids[k, :n] = torch.tensor(items[i]["input_ids"])
                    mask[k, :n] = 1
                tags = self.model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
                for k, i in enumerate(chunk):
                    found[owner[i]] += decode(items[i]["offsets"], tags[k][:len(items[i]["input_ids"])])
        return found

    def set_annotations(self, doc: Doc, prediction: tuple[list[tuple[int, int]], list[tuple[int, int, str]]]) -> None:
        sentences, char_spans = prediction
        rules = list(doc.spans[SPANS_KEY])
        # LEVEL and MARKET_VALUE are the rules' alone, and so is every label the model is not
        # trusted with: a model METRIC "yield" must not cut "yield on the 10-year Treasury" (ASSET).
        fixed = [s for s in rules if s.label_ not in LABELS or s.label_ not in self.labels]
        model_spans = []
        for start, end, label in _joined(char_spans, text_of(doc), "METRIC"):
            if label not in self.labels:
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if label == "METRIC" and span is not None and (span.start_char, span.end_char) != (start, end):
                continue  # a piece of a word ("uri" of "Treasuries"): the model did not see a metric name
            if label == "METRIC" and span is not None and len(span) == 1 and (
                    used_as_verb(span[0]) or in_hyphen_compound(span[0])):
                continue  # "after it forecast annual profit", "earnings-driven": as the rules read them
            if span is None or all(t.is_stop or t.is_punct for t in span) \
                    or any(f.start < span.end and span.start < f.end for f in fixed):
                continue
            if label in _RULE_BOUNDARIES and any(r.label_ == label and r.start < span.end and span.start < r.end
                                                 for r in rules):
                continue  # the rules' time span is cut for the time parser: the model only adds new ones
            if any(r.label_ == label and (r.kb_id_ or label == "METRIC") and r.start <= span.start
                   and span.end <= r.end and (r.start, r.end) != (span.start, span.end) for r in rules):
                # inside a longer known name ("Inu" in "Shiba Inu") or a rule metric, which is a whole
                # name ("four-week moving" of "four-week moving average"): the rule's is better
                continue
            meaning = self._meaning(span, rules)
            if meaning is not None:
                model_spans.append(Span(doc, span.start, span.end, label=label, kb_id=meaning))
        model_spans = filter_spans(model_spans)  # windows overlap: the same span may come twice
        # Where the model and a rule span overlap, the model's boundaries win; a rule span the
        # model did not see stays (rules are precise, the model adds recall).
        kept = [r for r in rules if not any(m.start < r.end and r.start < m.end for m in model_spans)]
        merged = sorted(model_spans + kept, key=lambda s: (s.start, s.end))
        doc.spans[SPANS_KEY] = _metric_names(doc, merged, self.lexicon.metric_modifiers)

    def _meaning(self, span: Span, rules: list[Span]) -> str | None:
        """The kb_id for a model span: that of a rule span covering a good part of it, else looked
        up. None drops the span: a qualifier the lexicon cannot read means nothing downstream."""
        for r in rules:
            overlap = min(r.end_char, span.end_char) - max(r.start_char, span.start_char)
            if r.label_ == span.label_ and r.kb_id_ and overlap * 3 >= len(span.text):
                return r.kb_id_
        text = span.text.lower()
        if span.label_ == "ASSET":
            return self._link(span)
        if span.label_ == "MOVE":
            moves = self.lexicon.move_direction
            return next((moves[w] for t in span for w in (t.lemma_.lower(), t.lower_) if w in moves), "")
        if span.label_ == "QUALIFIER":
            return next((q.value for phrase, q in self.lexicon.qualifiers if phrase == text), None)
        return ""

    def _link(self, span: Span) -> str:
        """Alias table, cashtag or ticker; "" when unknown. No near matches here: the rules
        already try them where a company suffix makes them safe, and a wrong link is worse than
        an unknown one (the claim then says the symbol is unknown)."""
        if span.text.startswith("$"):
            return self.aliases.cashtag(span.text) or ""
        text = span.text.lower()
        bare = re.sub(r"^the\s+|['’]s$", "", text)
        symbol = self.by_text.get(text) or self.by_text.get(bare)
        if symbol is None and span.text.isupper():
            symbol = self.aliases.ticker(span.text)
        return symbol or ""


# Labels whose rule spans keep their boundaries where the model overlaps them: a TIME span is
# read by the time parser ("Heading into today" bounds "the past month"; "1101 GMT").
_RULE_BOUNDARIES = frozenset({"TIME"})


def _joined(char_spans: list[tuple[int, int, str]], text: str, label: str) -> list[tuple[int, int, str]]:
    """The model often tags a metric name word by word ("Intelligent" "Cloud revenue", "Estimate"
    "s"): spans of `label` with nothing but spaces between them are one name."""
    out: list[tuple[int, int, str]] = []
    for start, end, lab in sorted(char_spans):
        if out and lab == label == out[-1][2] and out[-1][1] <= start and not text[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end, lab)
        else:
            out.append((start, end, lab))
    return out


def _metric_names(doc: Doc, spans: list[Span], modifiers: frozenset[str]) -> list[Span]:
    """Whole metric names, as the rules write them: a model METRIC span and a rule one side by
    side ("AI chip" + "revenue") are one name, and so are the modifier words before it that no
    other span holds ("adjusted" EPS, "total" revenue)."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None and span.label_ == last.label_ == "METRIC" and span.start == last.end:
            out[-1] = Span(doc, last.start, span.end, label="METRIC", kb_id=last.kb_id_ or span.kb_id_)
        else:
            out.append(span)
    for n, span in enumerate(out):
        if span.label_ == "METRIC":
            start = modified_from(doc, span.start, modifiers)
            if start < span.start and not any(o.start < span.start and start < o.end for o in out if o is not span):
                out[n] = Span(doc, start, span.end, label="METRIC", kb_id=span.kb_id_)
    return out
