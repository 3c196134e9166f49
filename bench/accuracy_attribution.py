"""Precision and recall of the attribution check on the labelled cases.

Run: ``python bench/accuracy_attribution.py``. ``evaluate()`` returns the numbers so
that a combined ``bench/accuracy.py`` (and the test suite) can reuse it.

A finding counts as a true positive when the rule reports the expected type at the
expected line and column; anything else it reports is a false positive, anything it
misses a false negative. The ``attribution`` metric is scored per value the same way.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "attribution_cases.yml"
RULE = "Postlint.Attribution"


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _linter():
    sys.path.insert(0, str(ROOT))
    from postlint.config import Config
    from postlint.engine import Linter, Selection

    return Linter(config=Config(packs=["Postlint"]), selection=Selection(select=[RULE]))


def finding_type(finding: Any) -> str:
    """The finding type is the first evidence entry, ``type: <name>``."""
    return finding.evidence[0].removeprefix("type: ") if finding.evidence else "?"


def run_case(linter: Any, case: dict[str, Any]) -> tuple[str, set[tuple[str, int, int]]]:
    result = linter.lint_text(case["text"], case.get("path", "draft.md"))
    if result.error:
        raise RuntimeError(f"{case['id']}: {result.error}")
    got = {(finding_type(f), f.line, f.column) for f in result.findings if f.rule == RULE}
    return result.metrics.get("attribution", "?"), got


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def evaluate(path: Path = CASES) -> dict[str, Any]:
    """Per finding type and per metric value: tp, fp, fn, precision, recall; plus the
    ids of the cases that disagree with their labels."""
    linter = _linter()
    counts: dict[str, Counter] = {}
    misses: list[str] = []
    for case in load_cases(path):
        metric, got = run_case(linter, case)
        want = {(f["type"], f["line"], f["column"]) for f in case["findings"]}
        for key, items in (("tp", got & want), ("fp", got - want), ("fn", want - got)):
            for ftype, _, _ in items:
                counts.setdefault(ftype, Counter())[key] += 1
        m_key = f"metric={case['metric']}"
        counts.setdefault(m_key, Counter())["tp" if metric == case["metric"] else "fn"] += 1
        if metric != case["metric"]:
            counts.setdefault(f"metric={metric}", Counter())["fp"] += 1
        if got != want or metric != case["metric"]:
            misses.append(
                f"{case['id']}: metric {metric} (want {case['metric']}), "
                f"extra {sorted(got - want)}, missed {sorted(want - got)}"
            )
    table = {
        name: {
            **{k: c[k] for k in ("tp", "fp", "fn")},
            "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
        }
        for name, c in sorted(counts.items())
    }
    return {"cases": len(load_cases(path)), "by_type": table, "misses": misses}


def main() -> None:
    report = evaluate()
    print(f"attribution: {report['cases']} labelled cases")
    print(f"{'type':<28}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    for name, row in report["by_type"].items():
        print(
            f"{name:<28}{row['tp']:>4}{row['fp']:>4}{row['fn']:>4}"
            f"{row['precision']:>11.3f}{row['recall']:>8.3f}"
        )
    for line in report["misses"]:
        print("  disagrees:", line)


if __name__ == "__main__":
    main()
