"""Benchmarks print figures; CI does not run them (`make bench`)."""

import statistics
import time

import pytest


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def measure(fn, *, runs: int = 200, warmup: int = 5) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 95),
        "max": max(samples),
        "runs": runs,
    }


def report(label: str, figures: dict[str, float], *, target_p50: float | None = None) -> None:
    verdict = ""
    if target_p50 is not None:
        verdict = (
            "  OK" if figures["p50"] <= target_p50 else f"  OVER TARGET (p50 ≤ {target_p50} ms)"
        )
    print(
        f"{label:<44} p50 {figures['p50']:7.2f} ms   p95 {figures['p95']:7.2f} ms   "
        f"max {figures['max']:7.2f} ms   n={figures['runs']}{verdict}"
    )


@pytest.fixture
def bench():
    return measure
