"""The router's commands on a small fixture: training stores an active model, evaluation
prints one JSON object, and bad files get clear errors."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from onestop.hotline import classifier, dataset
from onestop.hotline.models import RouterModel
from onestop.hotline.services import router_predict

CATEGORIES = {"water_supply", "noise", "public_transport", "visa_residence"}


def subset(*, languages, categories=None, rows=2400, seed=11, limit=None):
    found = [
        r
        for r in dataset.generate(rows=rows, seed=seed)
        if r["language"] in languages and (categories is None or r["category"] in categories)
    ]
    return found[:limit] if limit else found


@pytest.fixture
def fixture_csv(tmp_path):
    """240 past requests: four categories in English, Chinese and Arabic."""
    path = tmp_path / "past.csv"
    dataset.write_csv(subset(languages={"en", "zh-hans", "ar"}, categories=CATEGORIES, rows=3600, limit=240), path)
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_evaluate_prints_one_json_object(db, fixture_csv):
    output = _run(
        "hotline_router_evaluate",
        "--csv",
        str(fixture_csv),
        "--text-column",
        "text",
        "--label-column",
        "category",
        "--folds",
        "3",
    )
    result = json.loads(output)
    assert {"accuracy", "macro_f1", "n", "classes", "ms_per_request"} <= set(result)
    assert 0 < result["auto_routed_share"] <= 1
    assert result["n"] == 240
    assert result["classes"] == 4
    assert 0.8 <= result["accuracy"] <= 1.0
    assert result["ms_per_request"] > 0


def test_the_char_router_reads_chinese_where_the_word_baseline_cannot(db):
    rows = subset(languages={"zh-hans", "ja", "en"}, seed=5)
    texts = [r["text"] for r in rows]
    labels = [r["category"] for r in rows]
    languages = [r["language"] for r in rows]
    router = classifier.evaluate(texts, labels, folds=3, languages=languages)
    baseline = classifier.evaluate(texts, labels, folds=3, kind="word", languages=languages)
    assert router["per_language_accuracy"]["zh-hans"] > baseline["per_language_accuracy"]["zh-hans"]
    assert router["per_language_accuracy"]["zh-hans"] >= 0.8


def test_train_stores_an_active_model_that_routes(db, fixture_csv):
    output = json.loads(
        _run("hotline_router_train", "--csv", str(fixture_csv), "--text-column", "text", "--label-column", "category")
    )
    model = RouterModel.objects.get(is_active=True)
    assert output["model"] == model.pk and model.n == 240 and len(model.labels) == 4
    prediction = router_predict(text="从今天早上开始停水了，请尽快处理。")
    assert prediction.label == "water_supply"
    assert 0 < prediction.confidence <= 1
    # a second training replaces the active model
    _run("hotline_router_train", "--csv", str(fixture_csv), "--text-column", "text", "--label-column", "category")
    assert RouterModel.objects.filter(is_active=True).count() == 1
    assert RouterModel.objects.count() == 2


def test_training_includes_the_recorded_corrections(world, submit, fixture_csv):
    from onestop.hotline.services import request_dispatch

    request = submit("Something entirely unusual about a ferry timetable.")
    request_dispatch(request=request, by=world.users["dispatcher"], category=world.categories["public_transport"])
    output = json.loads(
        _run(
            "hotline_router_train",
            "--csv",
            str(fixture_csv),
            "--text-column",
            "text",
            "--label-column",
            "category",
            "--include-corrections",
        )
    )
    assert output["corrections_added"] == 1
    assert output["n"] == 241


def test_probabilities_are_honest_enough_to_threshold(db):
    rows = subset(languages={"en"}, rows=1200, seed=9)
    pipeline = classifier.fit([r["text"] for r in rows], [r["category"] for r in rows])
    router = classifier.Router(pipeline)
    sure = router.predict("Hello, the radiators are cold since last week. Thank you.")
    vague = router.predict("Hello, thank you.")
    assert sure.label == "heating"
    assert sure.confidence >= 0.6 > vague.confidence
    assert sum(p for _label, p in sure.alternatives) <= 1.0 + 1e-6


def test_missing_column_is_named(db, fixture_csv):
    with pytest.raises(CommandError, match="body"):
        _run(
            "hotline_router_evaluate", "--csv", str(fixture_csv), "--text-column", "body", "--label-column", "category"
        )


def test_too_few_examples_per_label(db, tmp_path):
    path = tmp_path / "tiny.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["t", "l"])
        writer.writerows([["water is off", "water"], ["loud music", "noise"], ["no water today", "water"]])
    with pytest.raises(CommandError, match="noise"):
        _run("hotline_router_train", "--csv", str(path), "--text-column", "t", "--label-column", "l")
    with pytest.raises(CommandError, match="No such file"):
        _run(
            "hotline_router_train", "--csv", str(tmp_path / "missing.csv"), "--text-column", "t", "--label-column", "l"
        )


def test_the_demo_dataset_is_shipped_and_reproducible(db):
    with open(dataset.DEMO_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 2000
    assert len({r["category"] for r in rows}) == 12
    assert len({r["language"] for r in rows}) == 10
    assert rows == dataset.generate(rows=len(rows), seed=7)


@pytest.mark.parametrize("labels", [4, 2])
def test_one_text_predictions_equal_the_pipeline(db, labels):
    import numpy as np

    rows = subset(languages={"en", "zh-hans", "ar"}, seed=3)
    kept = sorted({r["category"] for r in rows})[:labels]
    rows = [r for r in rows if r["category"] in kept]
    pipeline = classifier.fit([r["text"] for r in rows], [r["category"] for r in rows])
    router = classifier.Router(pipeline)
    assert router._scorer is not None
    texts = [r["text"] for r in subset(languages={"en", "zh-hans", "ar", "ru"}, seed=4)[:60]]
    for text in [*texts, "", "   ", "ＷＩＦＩ", "?!"]:
        fast, reference = router.probabilities(text), pipeline.predict_proba([text])[0]
        assert np.allclose(fast, reference, atol=1e-6), text
        assert router.predict(text).label == pipeline.classes_[reference.argmax()]


def test_the_word_baseline_is_used_as_it_is(db):
    rows = subset(languages={"en"}, seed=6)
    pipeline = classifier.fit([r["text"] for r in rows], [r["category"] for r in rows], kind="word")
    router = classifier.Router(pipeline)
    assert router._scorer is None
    assert router.predict("There is no tap water since this morning.").label in pipeline.classes_
