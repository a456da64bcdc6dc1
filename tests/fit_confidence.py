"""Fit the confidence model (extractors/data/confidence.yaml) on the gate's annotated articles.

A candidate is positive when its (actors, relation) is in its article's gold. The
regularisation and the threshold are chosen on out-of-fold predictions (folds by article),
maximising the article-level typed F1 that tests/quality.py reports; the final weights are
then fitted on every article. Needs scikit-learn (`pip install -e '.[fit]'`).

    python tests/fit_confidence.py            # fit, print the figures, write the YAML
    python tests/fit_confidence.py --dry-run  # figures only
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from extractors.confidence import FEATURES, feature_vector
from extractors.mentions import extract_candidates
from quality import Article, load_annotated

MODEL_PATH = Path(__file__).resolve().parents[1] / "extractors" / "data" / "confidence.yaml"
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.1, 0.71, 0.02))
TOLERANCE = 0.002


def candidate_table(articles: list[Article]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Features, labels, article index and (article index, pair) of every candidate."""
    rows, labels, groups, keys = [], [], [], []
    for index, article in enumerate(articles):
        for mention, signals in extract_candidates(article.text, article.published):
            pair = (mention.actors, mention.relation)
            rows.append(feature_vector(signals))
            labels.append(pair in article.gold)
            groups.append(index)
            keys.append((index, pair))
    return np.array(rows), np.array(labels), np.array(groups), keys


def typed_f1(articles: list[Article], keys: list, probabilities: np.ndarray, threshold: float) -> float:
    predicted = {key for key, p in zip(keys, probabilities) if p >= threshold}
    gold = {(i, pair) for i, a in enumerate(articles) for pair in a.gold}
    tp = len(predicted & gold)
    return 2 * tp / (len(predicted) + len(gold)) if predicted or gold else 1.0


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, strength: float) -> np.ndarray:
    probabilities = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        model = _model(strength).fit(x[train], y[train])
        probabilities[test] = model.predict_proba(x[test])[:, 1]
    return probabilities


def print_calibration(probabilities: np.ndarray, labels: np.ndarray) -> None:
    """How often candidates were right, by out-of-fold confidence band."""
    print("confidence band   candidates   mean confidence   right")
    for low, high in ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        band = (probabilities >= low) & (probabilities < high)
        if band.any():
            print(f"{low:.1f}-{min(high, 1.0):.1f}         {band.sum():10}   {probabilities[band].mean():15.3f}"
                  f"   {labels[band].mean():.3f}")


def _model(strength: float) -> LogisticRegression:
    # FEATURES starts with a constant "bias" column, so the intercept is one of the weights.
    return LogisticRegression(C=strength, fit_intercept=False, max_iter=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args()
    articles = load_annotated()
    x, y, groups, keys = candidate_table(articles)
    print(f"{len(articles)} articles, {len(y)} candidates, {int(y.sum())} positive")
    print(f"rules alone (every candidate kept): typed F1 {typed_f1(articles, keys, np.ones(len(y)), 0.5):.3f}")
    best = (0.0, 0.0, 0.0)
    out_of_fold_by_strength = {}
    for strength in STRENGTHS:
        probabilities = out_of_fold_by_strength[strength] = out_of_fold(x, y, groups, strength)
        scores = [(typed_f1(articles, keys, probabilities, t), t) for t in THRESHOLDS]
        top = max(f1 for f1, _ in scores)
        # The lowest threshold within TOLERANCE of the best: a difference of a pair or two is
        # noise, and dropping candidates costs recall on text unlike the gate's (feed summaries).
        f1, threshold = next((f1, t) for f1, t in scores if f1 >= top - TOLERANCE)
        print(f"C={strength}: out-of-fold typed F1 {f1:.3f} at threshold {threshold} (best {top:.3f})")
        best = max(best, (f1, -threshold, strength))
    f1, threshold, strength = best
    threshold = -threshold
    threshold = float(threshold)
    print_calibration(out_of_fold_by_strength[strength], y)
    final = _model(strength).fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, final.coef_[0])}
    print(f"chosen: C={strength}, threshold {threshold} (out-of-fold typed F1 {f1:.3f})")
    if args.dry_run:
        return
    header = (
        "# Confidence model for candidate mentions (extractors/confidence.py), written by\n"
        f"# tests/fit_confidence.py on {date.today()}: {len(articles)} gate articles, {len(y)} candidates;\n"
        f"# C={strength}, out-of-fold typed F1 {f1:.3f}. Do not edit by hand: refit.\n"
    )
    body = yaml.safe_dump({"threshold": threshold, "weights": weights}, sort_keys=False)
    MODEL_PATH.write_text(header + body, encoding="utf-8")
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
