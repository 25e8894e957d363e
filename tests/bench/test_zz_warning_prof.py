import cProfile, pstats, time
from tests.bench.test_bench_warning import LAST, services, population  # noqa

def test_prof(population):
    pr = cProfile.Profile(); pr.enable()
    t = time.perf_counter()
    services.evaluate_month(month=LAST)
    print("one month", time.perf_counter() - t)
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(12)
