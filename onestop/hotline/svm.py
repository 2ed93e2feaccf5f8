"""A linear SVM with temperature-scaled probabilities (see classifier.py)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC


class TemperatureSVC(ClassifierMixin, BaseEstimator):
    """A linear SVM whose decision values become probabilities through softmax(d / T).

    ``fit`` learns T on out-of-fold decision values (``folds``-fold), minimizing the
    negative log-likelihood, then fits the SVM on all the data.
    """

    def __init__(self, *, C: float = 0.5, folds: int = 3, seed: int = 0):
        self.C = C
        self.folds = folds
        self.seed = seed

    def _svc(self):
        return LinearSVC(C=self.C)

    @staticmethod
    def _softmax(scores, temperature: float):
        z = scores / temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        index = {label: i for i, label in enumerate(self.classes_)}
        target = np.array([index[label] for label in y])
        held_out = np.zeros((X.shape[0], len(self.classes_)), dtype=np.float64)
        if self.folds >= 2:
            splitter = StratifiedKFold(n_splits=self.folds, shuffle=True, random_state=self.seed)
            for train, test in splitter.split(np.zeros(len(y)), y):
                model = self._svc().fit(X[train], y[train])
                columns = [index[c] for c in model.classes_]
                scores = model.decision_function(X[test])
                if scores.ndim == 1:  # two classes: one score for the second class
                    scores = np.column_stack([-scores, scores])
                held_out[np.ix_(test, columns)] = scores
            rows = np.arange(len(target))

            def nll(log_t: float) -> float:
                probabilities = self._softmax(held_out, float(np.exp(log_t)))
                return float(-np.log(probabilities[rows, target] + 1e-12).mean())

            self.temperature_ = float(np.exp(minimize_scalar(nll, bounds=(-5, 3), method="bounded").x))
        else:
            self.temperature_ = 1.0
        self.svc_ = self._svc().fit(X, y)
        return self

    def decision_function(self, X):
        scores = self.svc_.decision_function(X)
        if scores.ndim == 1:
            scores = np.column_stack([-scores, scores])
        return scores

    def predict_proba(self, X):
        return self._softmax(self.decision_function(X), self.temperature_)

    def predict(self, X):
        return self.classes_[self.decision_function(X).argmax(axis=1)]
