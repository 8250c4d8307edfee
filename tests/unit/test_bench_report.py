"""`make bench` fails when a budget fails (bench/report.py)."""

from bench.report import Report, exit_code


def test_the_bench_exits_0_only_when_every_budget_passed():
    assert exit_code([("import", True), ("CPU", True)]) == 0
    assert exit_code([("import", True), ("CPU", False)]) == 1
    assert exit_code([]) == 1  # a bench that checked nothing has shown nothing


def test_rows_without_a_budget_are_reported_but_not_judged():
    report = Report()
    report.add("daily publish: wall", "s3", "100", "357 ms")
    report.add("daily publish: CPU", "s3", "1000", "1.2 s", "<= 1.0 s", False)
    report.add("cold start: import", "", "", "180 ms", "<= 250 ms", True)
    assert exit_code(report.verdicts) == 1
    assert report.summary() == "SUMMARY: 1/2 budgets PASS; FAIL: daily publish: CPU (s3, 1000 days)"
    assert report.render().splitlines()[3].endswith("<= 1.0 s   FAIL")
