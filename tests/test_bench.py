"""The benchmark's own arithmetic, not `make bench` itself: parsing wrk, the table, the targets."""

from tests import bench

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8102/ru/programmes/days-of-almaty-ekr/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    15.21ms    3.10ms  41.00ms   80.00%
    Req/Sec   526.10     40.20   610.00     70.00%
  Latency Distribution
     50%   14.80ms
     75%   16.90ms
     90%   19.00ms
     99%    1.20s
  5262 requests in 5.01s, 150.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1050.30
Transfer/sec:     29.98MB
""".replace("1.20s\n", "1.20s \n")  # wrk ends a percentile line in seconds with a space


def test_wrk_output_gives_rate_percentiles_and_errors():
    result = bench.parse_wrk(WRK_OUTPUT)

    assert result == {"rps": 1050.30, "p50": 14.80, "p99": 1200.0, "errors": 7}


def test_a_run_that_finished_nothing_has_no_rate():
    output = WRK_OUTPUT.replace("5262 requests in", "0 requests in").replace("1050.30", "0.00")

    assert bench.parse_wrk(output) == {"rps": None, "p50": None, "p99": None, "errors": 7}


def rows():
    base = {"run": "fixtures", "page": "programme", "url": "/ru/programmes/x/"}
    return [
        {**base, "mode": "cold", "queries": 5, "p50": 10.0, "p99": 20.0, "rps": 600.0, "ratio": 0.01},
        {**base, "mode": "warm", "queries": None, "p50": 1.0, "p99": 2.0, "rps": 6000.0, "ratio": 0.125},
        {**base, "mode": "static", "queries": None, "p50": 0.1, "p99": 0.3, "rps": 48000.0, "ratio": None},
        {
            **base,
            "page": "sitemap",
            "mode": "1 req",
            "queries": 7,
            "p50": 30.0,
            "p99": None,
            "rps": None,
            "ratio": None,
        },
    ]


def test_the_table_has_a_line_per_measurement_with_its_ratio_to_static():
    lines = bench.format_table(rows()).splitlines()

    assert lines[0].split()[:4] == ["page", "mode", "queries", "p50"]
    assert lines[2] == "fixtures:"
    assert lines[3].split() == ["programme", "cold", "5", "10.00", "20.00", "600.0", "1/100", "/ru/programmes/x/"]
    assert lines[4].split()[-2] == "1/8"
    assert lines[6].split()[:4] == ["sitemap", "1", "req", "7"]


def test_targets_pass_and_fail_on_the_measurements():
    curve = [
        {"sessions": 100, "ms": {"day": 5.0, "calendar (whole)": 50.0}, "queries": {"day": 5, "programme": 5}},
        {"sessions": 6000, "ms": {"day": 60.0, "calendar (whole)": 900.0}, "queries": {"day": 6, "programme": 3}},
    ]

    checks = {check["target"]: check for check in bench.check_targets(rows(), curve, 6000, 97.0)}

    assert checks["1. programme cold ≥ 510 req/s (10× pretalx)"]["ok"] is True
    assert checks["1. search cold ≥ 400 req/s (10× pretalx)"]["ok"] is None  # not measured
    assert checks["2. fixtures programme warm ≥ 1/10 of nginx"]["ok"] is True
    assert checks["4. every page and export ≤ 6 queries"] == {
        "target": "4. every page and export ≤ 6 queries",
        "measured": "fixtures sitemap (7)",
        "ok": False,
    }
    assert checks["4. no page reads more queries on a larger programme"]["measured"] == "day"
    assert checks["4. day at 6000 sessions < 50 ms (median, cold)"]["ok"] is False
    assert checks["4. calendar (whole) at 6000 sessions < 1000 ms (median, cold)"]["ok"] is True
    assert checks["5. programme page HTML+CSS+JS < 60 kB compressed"]["ok"] is True
    assert checks["5. Lighthouse performance (phone) ≥ 95"]["ok"] is True
