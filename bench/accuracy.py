"""Precision and recall of the content checks, in one table.

Run on demand (never from the test suite's hot path):

    python bench/accuracy.py            # the table
    python bench/accuracy.py --details  # also every case that disagrees with its label

Each check is measured on its own labelled set in ``tests/data``:

- attribution: ``bench/accuracy_attribution.py`` (finding type at line and column,
  and the ``attribution`` metric), ``tests/data/attribution_cases.yml``;
- promotion: ``bench/accuracy_promo.py`` (promotional sentences, disclosure
  classification), ``tests/data/promo_cases.yml``;
- read time: the declared read time in ``tests/data/readtime_cases.yml`` (many
  textual and front matter forms, and durations that are not declarations). A
  declaration counts as found when the first declaration postlint sees has the
  labelled value on the labelled line.

The two existing scripts are imported by path so that each stays runnable alone.
These labelled sets were written by the project: numbers on real published posts
will be lower. Readability rules are formulas, not classifiers, so they have no
precision and recall here; tests/test_readability*.py pin their values instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from postlint.config import Config  # noqa: E402
from postlint.document import parse  # noqa: E402
from postlint.engine import Linter, Selection  # noqa: E402
from postlint.readtime import find_declarations  # noqa: E402

READTIME_CASES = ROOT / "tests" / "data" / "readtime_cases.yml"
READTIME_RULE = "Postlint.ReadTime"


@dataclass
class Row:
    """One line of the table: a check (or a part of one) and its confusion counts."""

    check: str
    tp: int | None
    fp: int | None
    fn: int | None
    note: str = ""
    #: (precision, recall) when a script reports only the ratios, not the counts
    ratios: tuple[float, float] | None = None

    @property
    def precision(self) -> float:
        if self.ratios:
            return self.ratios[0]
        found = (self.tp or 0) + (self.fp or 0)
        return (self.tp or 0) / found if found else 1.0

    @property
    def recall(self) -> float:
        if self.ratios:
            return self.ratios[1]
        expected = (self.tp or 0) + (self.fn or 0)
        return (self.tp or 0) / expected if expected else 1.0


def load_module(name: str) -> ModuleType:
    """Import ``bench/<name>.py`` by path: bench/ is not a package."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load bench/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- read time ---------------------------------------------------------------------


def first_declaration(linter: Linter, case: dict[str, Any]) -> tuple[float | None, int | None]:
    """The declared minutes (the rule's JSON metric) and the line of the first declaration."""
    path = case.get("path", "case.md")
    result = linter.lint_text(case["text"], path)
    minutes = result.metrics.get("declared_read_time_minutes")
    rule = next(r for r in linter.rules_for(path) if r.id == READTIME_RULE)
    doc = parse(case["text"], path)
    found = find_declarations(doc, rule.params["front_matter_keys"])
    line = doc.line_col(found[0].start)[0] if found else None
    return minutes, line


def evaluate_readtime(path: Path = READTIME_CASES) -> dict[str, Any]:
    """Declaration detection on the labelled cases: tp, fp, fn and the disagreeing cases."""
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    linter = Linter(config=Config(packs=["Postlint"]), selection=Selection(select=[READTIME_RULE]))
    tp = fp = fn = 0
    misses: list[str] = []
    for case in cases:
        minutes, line = first_declaration(linter, case)
        want, want_line = case["declared"], case.get("line")
        if minutes is None and want is None:  # a true negative
            continue
        if minutes == want and line == want_line:
            tp += 1
            continue
        fp += minutes is not None
        fn += want is not None
        misses.append(
            f"{case['id']}: got {minutes} at line {line}, want {want} at line {want_line}"
        )
    return {"cases": len(cases), "tp": tp, "fp": fp, "fn": fn, "misses": misses}


# --- the table -----------------------------------------------------------------------


def attribution_rows(report: dict[str, Any]) -> list[Row]:
    return [
        Row(f"attribution: {name}", c["tp"], c["fp"], c["fn"])
        for name, c in report["by_type"].items()
    ]


def promo_rows(report: dict[str, Any]) -> list[Row]:
    det = report["detection"]
    note = (
        f"promo metric accuracy {report['promo_metric_accuracy']:.3f}, "
        f"late-disclosure warning accuracy {report['late_warning_accuracy']:.3f}"
    )
    dis = report["disclosure"]
    return [
        Row("promotion: promotional sentence", det["tp"], det["fp"], det["fn"], note),
        # accuracy_promo reports disclosure as ratios only; show them as they are.
        Row(
            "promotion: disclosure present",
            None,
            None,
            None,
            ratios=(dis["precision"], dis["recall"]),
        ),
    ]


def readtime_rows(report: dict[str, Any]) -> list[Row]:
    return [Row("read time: declared time", report["tp"], report["fp"], report["fn"])]


def format_row(row: Row) -> str:
    counts = "".join(f"{'-' if n is None else n:>5}" for n in (row.tp, row.fp, row.fn))
    line = f"{row.check:<44}{counts}{row.precision:>11.3f}{row.recall:>8.3f}"
    return line + (f"   {row.note}" if row.note else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list disagreeing cases")
    args = parser.parse_args(argv)
    attribution = load_module("accuracy_attribution").evaluate()
    promo = load_module("accuracy_promo").evaluate()
    readtime = evaluate_readtime()
    print(
        f"labelled cases: attribution {attribution['cases']}, promotion {promo['cases']}, "
        f"read time {readtime['cases']}"
    )
    print(f"{'check':<44}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for row in [*attribution_rows(attribution), *promo_rows(promo), *readtime_rows(readtime)]:
        print(format_row(row))
    if args.details:
        for label, lines in (
            ("attribution", attribution["misses"]),
            ("promotion", promo["errors"]),
            ("read time", readtime["misses"]),
        ):
            for line in lines:
                print(f"  {label}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
