"""The benchmarks' arithmetic and results file (bench/_support.py); no timing is asserted here."""

import json
import math

import pytest

from bench._support import Figure, format_table, meets, percentile, summarise, write_results


def test_the_median_of_an_even_count_lies_halfway_between_the_middle_two():
    assert percentile([4, 1, 3, 2], 50) == 2.5


def test_percentiles_interpolate_between_closest_ranks_like_numpy():
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)


def test_the_zeroth_and_hundredth_percentiles_are_the_smallest_and_largest_values():
    values = [7.0, 3.0, 9.0]
    assert percentile(values, 0) == 3.0
    assert percentile(values, 100) == 9.0


def test_every_percentile_of_one_value_is_that_value():
    assert percentile([42.0], 95) == 42.0


def test_a_percentile_of_no_values_or_out_of_range_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_a_summary_gives_the_rate_over_the_whole_run_and_counts_errors_apart():
    summary = summarise([10.0, 20.0, 30.0, 40.0], seconds=2.0, errors=3)
    assert summary.count == 4
    assert summary.errors == 3
    assert summary.per_second == 2.0
    assert summary.p50 == 25.0
    assert summary.maximum == 40.0


def test_a_summary_of_a_run_where_nothing_succeeded_has_no_percentiles():
    summary = summarise([], seconds=1.0, errors=5)
    assert summary.count == 0
    assert summary.per_second == 0
    assert math.isnan(summary.p95)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (250, "≥ 200", True),
        (200, ">= 200", True),
        (199.9, "≥ 200", False),
        (99.9, "< 100", True),
        (100, "< 100", False),
        (0, "= 0", True),
        (1, "= 0", False),
    ],
)
def test_a_figure_meets_its_target_only_when_the_comparison_holds(value, target, expected):
    assert meets(value, target) is expected


def test_an_unreadable_target_is_refused():
    with pytest.raises(ValueError):
        meets(1, "about 100")


def test_a_figure_with_a_reference_carries_the_ratio_of_value_to_reference():
    figure = Figure("rate", 50.0, "/s", "100 rows", "raw inserts", 2000.0, "/s", target="≥ 200")
    assert figure.ratio == 0.025
    assert figure.met is False


def test_a_figure_without_a_reference_or_target_has_no_ratio_and_no_verdict():
    figure = Figure("form GET p95", 80.0, "ms", "100 rows")
    assert figure.ratio is None
    assert figure.met is None


def test_the_results_file_holds_each_figure_with_its_size_reference_and_ratio(tmp_path):
    path = tmp_path / "results" / "referrals.json"
    figures = [
        Figure(
            "inbox p95", 80.123, "ms", "100,000 referrals", "GET /healthz p95", 4.0, "ms", "< 100"
        ),
        Figure("submission errors", 0, "count", "2,000 submissions", target="= 0"),
    ]
    write_results(path, benchmark="referrals", environment={"nproc": 2}, figures=figures)
    document = json.loads(path.read_text())
    assert document["benchmark"] == "referrals"
    assert document["environment"] == {"nproc": 2}
    first, second = document["figures"]
    assert first == {
        "figure": "inbox p95",
        "value": 80.12,
        "unit": "ms",
        "data_size": "100,000 referrals",
        "reference": {"figure": "GET /healthz p95", "value": 4.0, "unit": "ms"},
        "ratio": 20.0308,
        "target": "< 100",
        "met": True,
        "note": "",
    }
    assert second["reference"] is None
    assert second["ratio"] is None
    assert second["met"] is True


def test_a_figure_that_could_not_be_measured_is_written_as_null_not_nan(tmp_path):
    path = tmp_path / "referrals.json"
    write_results(
        path, benchmark="referrals", environment={}, figures=[Figure("p95", math.nan, "ms", "")]
    )
    assert json.loads(path.read_text())["figures"][0]["value"] is None


def test_the_table_shows_a_missed_target_in_capitals_and_every_column():
    table = format_table(
        [
            Figure("rate", 12.5, "/s", "2,000 rows", "raw", 1000.0, "/s", target="≥ 200"),
            Figure("errors", 0, "count", "2,000 rows", target="= 0"),
        ]
    )
    header, divider, missed, met = table.splitlines()
    assert header.split() == [
        "figure",
        "value",
        "unit",
        "reference",
        "ratio",
        "target",
        "met?",
        "data",
        "size",
    ]
    assert set(divider) <= {"-", " "}
    assert "NO" in missed.split()
    assert "raw = 1,000 /s" in missed
    assert "0.0125" in missed
    assert "yes" in met.split()


def test_a_ratio_far_below_one_is_shown_with_significant_figures_and_counts_without_decimals():
    table = format_table(
        [
            Figure("rate", 3.69, "/s", "", "raw", 772.0, "/s"),
            Figure("queries", 16.0, "queries", "", "5 rows", 16.0, "queries"),
        ]
    )
    rate, queries = table.splitlines()[2:]
    assert "0.00478" in rate.split()
    assert queries.split()[:3] == ["queries", "16", "queries"]
