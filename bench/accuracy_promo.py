"""Precision and recall of the promo kind on the labelled set (tests/data/promo_cases.yml).

Two measurements:

- *promotion detection*, per sentence: a flagged sentence is a true positive when
  it contains one of the case's ``flag`` texts, a false positive otherwise; an
  expected sentence nobody flagged is a false negative. Detection is measured
  whatever the disclosure, so disclosed cases count too.
- *disclosure classification*, per case: does the post carry a clear disclosure
  (the ``disclosure`` metric)? Plus the accuracy of the ``promo`` metric
  (none / disclosed / undisclosed) and of late-disclosure warnings.

    python bench/accuracy_promo.py            # the labelled set
    python bench/accuracy_promo.py --corpus DIR   # also count flags over a folder of posts
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postlint.config import Config  # noqa: E402
from postlint.document import parse  # noqa: E402
from postlint.engine import Linter, Selection  # noqa: E402
from postlint.kinds.promo import analyse  # noqa: E402

CASES = ROOT / "tests" / "data" / "promo_cases.yml"
RULE_ID = "Postlint.Promotion"


def load_cases(path: Path = CASES) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["contexts"], data["cases"]


def build_post(case: dict[str, Any], contexts: dict[str, Any]) -> str:
    """The Markdown post for a case: front matter, top line, context with the insert, bottom line."""
    context = contexts[case["context"]]
    parts = []
    if case.get("front_matter"):
        parts.append(f"---\n{case['front_matter']}\n---")
    if case.get("top"):
        parts.append(case["top"])
    parts.append(f"{context['before']} {case['insert']}")
    parts.append(context["after"])
    if case.get("bottom"):
        parts.append(case["bottom"])
    return "\n\n".join(parts) + "\n"


def linter() -> Linter:
    return Linter(config=Config(packs=["Postlint"]), selection=Selection(select=[RULE_ID]))


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def evaluate(path: Path = CASES) -> dict[str, Any]:
    """Run every labelled case; return precision/recall and the cases that went wrong."""
    contexts, cases = load_cases(path)
    lint = linter()
    rule = next(r for r in lint.rules_for("case.md") if r.id == RULE_ID)
    det = Counter()
    dis = Counter()
    status_ok = late_ok = 0
    errors: list[str] = []
    for case in cases:
        text = build_post(case, contexts)
        doc = parse(text, "case.md")
        result = analyse(rule, doc)
        flagged = [doc.source[p.start : p.end] for p in result.promos]
        _score_detection(case, flagged, det, errors)
        expected_disclosure = bool(case.get("disclosure", False))
        dis[(result.has_disclosure, expected_disclosure)] += 1
        if result.status == case["promo"]:
            status_ok += 1
        else:
            errors.append(f"{case['id']}: promo {result.status!r}, expected {case['promo']!r}")
        findings = lint.lint_text(text, "case.md").findings
        got_late = any(f.level.label == "warning" for f in findings)
        late_ok += got_late == bool(case.get("late", False))
    return {
        "cases": len(cases),
        "detection": {
            "precision": _ratio(det["tp"], det["tp"] + det["fp"]),
            "recall": _ratio(det["tp"], det["tp"] + det["fn"]),
            **{k: det[k] for k in ("tp", "fp", "fn")},
        },
        "disclosure": {
            "precision": _ratio(dis[(True, True)], dis[(True, True)] + dis[(True, False)]),
            "recall": _ratio(dis[(True, True)], dis[(True, True)] + dis[(False, True)]),
        },
        "promo_metric_accuracy": _ratio(status_ok, len(cases)),
        "late_warning_accuracy": _ratio(late_ok, len(cases)),
        "errors": errors,
    }


def _score_detection(
    case: dict[str, Any], flagged: list[str], det: Counter, errors: list[str]
) -> None:
    expected = list(case["flag"])
    for sentence in flagged:
        if any(e in sentence for e in expected):
            det["tp"] += 1
        else:
            det["fp"] += 1
            errors.append(f"{case['id']}: false positive: {' '.join(sentence.split())[:90]!r}")
    for e in expected:
        if not any(e in s for s in flagged):
            det["fn"] += 1
            errors.append(f"{case['id']}: missed {e!r}")


def scan_corpus(folder: Path, samples: int = 10) -> dict[str, Any]:
    """Lint every post in ``folder`` with the promo rule; count statuses and keep sample flags."""
    lint = linter()
    status = Counter()
    flags: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        result = lint.lint_file(str(path))
        status[result.metrics.get("promo", "error")] += 1
        for f in result.findings:
            flags.append(f"{path.name}:{f.line}:{f.column} {f.level.label} {f.evidence}")
    return {"files": sum(status.values()), "status": dict(status), "flags": flags[:samples]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="also scan a folder of posts")
    args = parser.parse_args(argv)
    report = evaluate()
    det, dis = report["detection"], report["disclosure"]
    print(f"labelled cases: {report['cases']}")
    print(
        f"promotion detection (sentences): precision {det['precision']:.3f} "
        f"recall {det['recall']:.3f} (tp {det['tp']}, fp {det['fp']}, fn {det['fn']})"
    )
    print(f"disclosure classification: precision {dis['precision']:.3f} recall {dis['recall']:.3f}")
    print(f"promo metric accuracy: {report['promo_metric_accuracy']:.3f}")
    print(f"late-disclosure warning accuracy: {report['late_warning_accuracy']:.3f}")
    for line in report["errors"]:
        print("  -", line)
    if args.corpus:
        corpus = scan_corpus(args.corpus)
        print(f"corpus: {corpus['files']} files, promo status {corpus['status']}")
        for line in corpus["flags"]:
            print("  *", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
