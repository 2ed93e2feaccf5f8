"""The automatic router: a text classifier trained on the city's own past requests.

Character n-grams (1–4, within word boundaries) weighted by TF-IDF feed a linear support
vector machine whose scores are turned into probabilities by a softmax with one fitted
temperature (temperature scaling: the scale is chosen on held-out scores so that the
probabilities are honest; it costs one division at prediction time, where scikit-learn's
per-class calibrators cost milliseconds per request). Character n-grams need no
word lists and no word segmentation, so the same model reads Chinese, Japanese, Korean,
Arabic, Russian and the Latin-script languages. Everything is trained locally; nothing is
downloaded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

ERR_TOO_FEW_LABELS = _("Training needs at least two different labels.")
ERR_TOO_FEW_EXAMPLES = _("Each label needs at least %(n)d examples; too few for: %(labels)s.")
ERR_COLUMN = _("The file has no column “%(column)s”. Columns found: %(found)s.")
ERR_EMPTY = _("The file has no rows with both a text and a label.")


def normalize(text: str) -> str:
    """Fold full-width forms and letter case so 'ＷＩＦＩ' and 'wifi' are the same n-grams."""
    return unicodedata.normalize("NFKC", text or "").lower()


def build_pipeline(*, kind: str = "char", calibration_folds: int = 3, min_df: int = 2):
    """``char``: the router. ``word``: the plain TF-IDF + logistic-regression baseline that
    needs words separated by spaces (and so cannot read Chinese or Japanese)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    if kind == "word":
        return Pipeline(
            [
                ("tfidf", TfidfVectorizer(analyzer="word", dtype=np.float32)),
                ("clf", LogisticRegression(max_iter=2000)),
            ]
        )
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(1, 4),
        preprocessor=normalize,
        sublinear_tf=True,
        min_df=min_df,
        max_features=200_000,
        dtype=np.float32,
    )
    from .svm import TemperatureSVC

    return Pipeline([("tfidf", vectorizer), ("clf", TemperatureSVC(C=0.5, folds=calibration_folds))])


def _check(labels: Sequence[str], minimum: int) -> Counter:
    counts = Counter(labels)
    if not labels:
        raise ValidationFailed("hotline.router.empty", ERR_EMPTY)
    if len(counts) < 2:
        raise ValidationFailed("hotline.router.labels", ERR_TOO_FEW_LABELS)
    small = sorted(label for label, n in counts.items() if n < minimum)
    if small:
        raise ValidationFailed(
            "hotline.router.examples", ERR_TOO_FEW_EXAMPLES % {"n": minimum, "labels": ", ".join(small[:10])}
        )
    return counts


def fit(texts: Sequence[str], labels: Sequence[str], *, kind: str = "char"):
    counts = _check(labels, 2)
    # On a small set every n-gram counts; on a large one, n-grams seen once are mostly noise.
    min_df = 2 if len(texts) >= 1000 else 1
    pipeline = build_pipeline(kind=kind, calibration_folds=min(3, min(counts.values())), min_df=min_df)
    pipeline.fit(list(texts), list(labels))
    return pipeline


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...]


class _OneTextScorer:
    """The router's TF-IDF + linear SVM worked out for one text without scikit-learn's
    batch machinery (input validation, sparse matrices), which costs most of the time of a
    one-text prediction. Same numbers as ``pipeline.predict_proba([text])``: the same
    analyzer, vocabulary, sublinear tf, idf and norm, then the SVM's decision values and
    the temperature softmax."""

    def __init__(self, vectorizer, model) -> None:
        import numpy as np

        self.np = np
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.idf = vectorizer.idf_ if vectorizer.use_idf else None
        self.dtype = vectorizer.dtype
        self.coef = model.svc_.coef_
        self.intercept = model.svc_.intercept_
        self.model = model

    @classmethod
    def for_pipeline(cls, pipeline) -> _OneTextScorer | None:
        """A scorer when ``pipeline`` is the router's (TF-IDF with l2 norm, then the
        temperature SVM); None otherwise (the baseline), which is then used as it is."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        from .svm import TemperatureSVC

        steps = getattr(pipeline, "steps", None)
        if not steps or len(steps) != 2:
            return None
        vectorizer, model = steps[0][1], steps[1][1]
        if not (
            type(vectorizer) is TfidfVectorizer
            and vectorizer.norm == "l2"
            and not vectorizer.binary
            and type(model) is TemperatureSVC
            and type(getattr(model, "svc_", None)) is LinearSVC
        ):
            return None
        return cls(vectorizer, model)

    def predict_proba(self, text: str):
        np = self.np
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for feature in self.analyze(text):
            index = vocabulary.get(feature)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        weights = np.fromiter(counts.values(), dtype=self.dtype, count=len(counts))
        if self.sublinear:
            weights = np.log(weights) + 1
        if self.idf is not None:
            weights = weights * self.idf[columns]
        length = np.sqrt(np.dot(weights, weights))
        if length > 0:
            weights = weights / length
        scores = self.coef[:, columns] @ weights.astype(np.float64) + self.intercept
        if scores.shape[0] == 1:  # two classes: one score for the second class
            scores = np.array([-scores[0], scores[0]])
        return self.model._softmax(scores[np.newaxis, :], self.model.temperature_)[0]


class Router:
    """A fitted pipeline with the convenience of one-text predictions."""

    def __init__(self, pipeline, *, model_id: int | None = None):
        self.pipeline = pipeline
        self.model_id = model_id
        self.labels = [str(c) for c in pipeline.classes_]
        self._scorer = _OneTextScorer.for_pipeline(pipeline)

    def probabilities(self, text: str):
        if self._scorer is not None:
            return self._scorer.predict_proba(text)
        return self.pipeline.predict_proba([text])[0]

    def predict(self, text: str) -> Prediction:
        """The best label, its probability (the confidence compared with the threshold) and
        the three best labels with theirs."""
        probabilities = self.probabilities(text)
        ranked = sorted(zip(self.labels, probabilities, strict=True), key=lambda p: -p[1])
        return Prediction(ranked[0][0], float(ranked[0][1]), tuple((lab, round(float(p), 4)) for lab, p in ranked[:3]))


def dumps(pipeline) -> bytes:
    import joblib

    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer, compress=3)
    return buffer.getvalue()


def loads(blob: bytes):
    import joblib

    return joblib.load(io.BytesIO(bytes(blob)))


def digest(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def read_csv(
    path: str | Path, *, text_column: str, label_column: str, group_column: str | None = None
) -> tuple[list[str], list[str]] | tuple[list[str], list[str], list[str]]:
    """Texts and labels (and groups, when ``group_column`` is given) from a CSV file with a
    header row (UTF-8, with or without BOM)."""
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        found = reader.fieldnames or []
        for column in (text_column, label_column, *([group_column] if group_column else [])):
            if column not in found:
                raise ValidationFailed(
                    "hotline.router.column", ERR_COLUMN % {"column": column, "found": ", ".join(found) or "-"}
                )
        for row in reader:
            text = (row.get(text_column) or "").strip()
            label = (row.get(label_column) or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
                if group_column:
                    groups.append((row.get(group_column) or "").strip())
    if not texts:
        raise ValidationFailed("hotline.router.empty", ERR_EMPTY)
    return (texts, labels, groups) if group_column else (texts, labels)


def _time_per_text(pipeline, texts: Iterable[str], limit: int = 200) -> tuple[float, float]:
    """Median wall-clock milliseconds to route one text (vectorize + classify), and the
    mean processor time (which other programs on a busy machine do not inflate)."""
    sample = list(texts)[:limit]
    if not sample:
        return 0.0, 0.0
    walls = []
    cpu_start = time.process_time()
    for text in sample:
        started = time.perf_counter()
        pipeline.predict_proba([text])
        walls.append(time.perf_counter() - started)
    cpu = (time.process_time() - cpu_start) * 1000 / len(sample)
    walls.sort()
    return walls[len(walls) // 2] * 1000, cpu


def evaluate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    kind: str = "char",
    seed: int = 0,
    languages: Sequence[str] | None = None,
    threshold: float = 0.6,
) -> dict:
    """Stratified k-fold cross-validation: accuracy and macro-F1 over all held-out
    predictions, and the time to route one request (vectorize + classify)."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    counts = _check(labels, max(folds, 2))
    texts = list(texts)
    labels = list(labels)
    predicted: list[str] = [""] * len(texts)
    confidence: list[float] = [0.0] * len(texts)
    ms = cpu_ms = 0.0
    train_seconds = 0.0
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, labels):
        started = time.perf_counter()
        pipeline = fit([texts[i] for i in train_index], [labels[i] for i in train_index], kind=kind)
        train_seconds += time.perf_counter() - started
        held_out = [texts[i] for i in test_index]
        probabilities = pipeline.predict_proba(held_out)
        classes = [str(c) for c in pipeline.classes_]
        for i, row in zip(test_index, probabilities, strict=True):
            best = int(row.argmax())
            predicted[i], confidence[i] = classes[best], float(row[best])
        ms, cpu_ms = _time_per_text(pipeline, held_out)
    return {
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro")), 4),
        "n": len(texts),
        "classes": len(counts),
        "ms_per_request": round(ms, 3),
        "cpu_ms_per_request": round(cpu_ms, 3),
        "folds": folds,
        "model": "char_wb 1-4 TF-IDF + LinearSVC, temperature-scaled"
        if kind == "char"
        else "word TF-IDF + LogisticRegression",
        "train_seconds_per_fold": round(train_seconds / folds, 2),
        "per_language_accuracy": _by_group(languages, labels, predicted) if languages else {},
        **_at_threshold(labels, predicted, confidence, threshold),
    }


def _at_threshold(labels, predicted, confidence, threshold: float) -> dict:
    """What routing would do at ``threshold``: the share sent automatically and how often
    those were right (the rest go to a human dispatcher)."""
    auto = [i for i, c in enumerate(confidence) if c >= threshold]
    right = sum(1 for i in auto if predicted[i] == labels[i])
    return {
        "threshold": threshold,
        "auto_routed_share": round(len(auto) / len(labels), 4) if labels else 0.0,
        "auto_routed_accuracy": round(right / len(auto), 4) if auto else None,
    }


def _by_group(groups: Sequence[str], labels: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    totals: Counter = Counter()
    right: Counter = Counter()
    for group, label, guess in zip(groups, labels, predicted, strict=True):
        totals[group] += 1
        right[group] += int(label == guess)
    return {group: round(right[group] / totals[group], 4) for group in sorted(totals)}
