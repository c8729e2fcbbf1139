"""Wellbeing scores: SWEMWBS metric scores, ONS4 bands and the change between two measurements."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjp.outcomes.wellbeing import (
    DEGREES_OF_FREEDOM_NOT_POSITIVE,
    ONS4_SCORE_OUT_OF_RANGE,
    SWEMWBS_ITEM_COUNT,
    SWEMWBS_ITEM_OUT_OF_RANGE,
    SWEMWBS_METRIC,
    T_CRITICAL_95,
    Band,
    Ons4Bands,
    PairedChange,
    anxiety_band,
    ons4_bands,
    paired_change,
    swemwbs_metric,
    t_critical_95,
    wellbeing_band,
)

# The published SWEMWBS conversion table, raw score:metric score, copied here independently.
PUBLISHED = """
7:7.00 8:9.51 9:11.25 10:12.40 11:13.33 12:14.08 13:14.75 14:15.32 15:15.84 16:16.36 17:16.88
18:17.43 19:17.98 20:18.59 21:19.25 22:19.98 23:20.73 24:21.54 25:22.35 26:23.21 27:24.11
28:25.03 29:26.02 30:27.03 31:28.13 32:29.31 33:30.70 34:32.55 35:35.00
"""
PUBLISHED_TABLE = {
    int(raw): Decimal(metric) for raw, metric in (pair.split(":") for pair in PUBLISHED.split())
}

metric_scores = st.sampled_from(sorted(SWEMWBS_METRIC.values()))
pairs = st.lists(st.tuples(metric_scores, metric_scores), min_size=2, max_size=40)


def items_summing_to(raw: int) -> list[int]:
    """Seven item scores from 1 to 5 whose sum is `raw`."""
    items, left = [], raw - 7
    for _ in range(7):
        extra = min(4, left)
        items.append(1 + extra)
        left -= extra
    return items


def test_the_conversion_table_is_the_published_one():
    assert SWEMWBS_METRIC == PUBLISHED_TABLE
    assert [str(SWEMWBS_METRIC[raw]) for raw in (7, 30, 33, 35)] == [
        "7.00",
        "27.03",
        "30.70",
        "35.00",
    ]


@pytest.mark.parametrize(("raw", "metric"), sorted(PUBLISHED_TABLE.items()))
def test_a_complete_response_scores_the_published_metric_of_its_raw_sum(raw, metric):
    assert swemwbs_metric(items_summing_to(raw)) == metric


def test_the_order_of_the_items_does_not_change_the_score():
    assert swemwbs_metric([1, 2, 3, 4, 5, 3, 3]) == swemwbs_metric([5, 4, 3, 3, 3, 2, 1])


@pytest.mark.parametrize("missing", range(7))
def test_a_response_with_an_unanswered_item_is_not_scored(missing):
    items: list[int | None] = [3] * 7
    items[missing] = None
    assert swemwbs_metric(items) is None


@pytest.mark.parametrize("items", [[3] * 6, [3] * 8, []])
def test_a_response_without_exactly_7_items_is_refused(items):
    with pytest.raises(ValueError, match=SWEMWBS_ITEM_COUNT):
        swemwbs_metric(items)


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5])
def test_an_item_outside_1_to_5_is_refused_even_when_another_is_unanswered(bad):
    with pytest.raises(ValueError, match=SWEMWBS_ITEM_OUT_OF_RANGE):
        swemwbs_metric([bad, None, 3, 3, 3, 3, 3])


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=7, max_size=7))
def test_every_complete_response_scores_between_7_and_35(items):
    assert Decimal(7) <= swemwbs_metric(items) <= Decimal(35)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.LOW),
        (4, Band.LOW),
        (5, Band.MEDIUM),
        (6, Band.MEDIUM),
        (7, Band.HIGH),
        (8, Band.HIGH),
        (9, Band.VERY_HIGH),
        (10, Band.VERY_HIGH),
    ],
)
def test_life_satisfaction_worthwhile_and_happiness_fall_in_the_ons_bands(score, band):
    assert wellbeing_band(score) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.VERY_LOW),
        (1, Band.VERY_LOW),
        (2, Band.LOW),
        (3, Band.LOW),
        (4, Band.MEDIUM),
        (5, Band.MEDIUM),
        (6, Band.HIGH),
        (10, Band.HIGH),
    ],
)
def test_anxiety_falls_in_the_ons_anxiety_bands(score, band):
    assert anxiety_band(score) is band


def test_each_ons4_answer_is_banded_on_its_own_and_unanswered_ones_are_not():
    bands = ons4_bands(life_satisfaction=8, worthwhile=3, happiness=None, anxiety=2)
    assert bands == Ons4Bands(
        life_satisfaction=Band.HIGH, worthwhile=Band.LOW, happiness=None, anxiety=Band.LOW
    )


@pytest.mark.parametrize("score", [-1, 11])
def test_an_ons4_score_outside_0_to_10_is_refused(score):
    with pytest.raises(ValueError, match=ONS4_SCORE_OUT_OF_RANGE):
        ons4_bands(life_satisfaction=5, worthwhile=5, happiness=5, anxiety=score)
    with pytest.raises(ValueError, match=ONS4_SCORE_OUT_OF_RANGE):
        wellbeing_band(score)


def test_the_change_of_four_people_has_the_hand_computed_interval():
    change = paired_change(
        [
            (Decimal("20.00"), Decimal("20.00")),  # change 0
            (Decimal("20.00"), Decimal("24.00")),  # change 4
            (Decimal("18.00"), Decimal("22.00")),  # change 4
            (Decimal("15.50"), Decimal("19.50")),  # change 4
        ]
    )
    # Mean (0 + 4 + 4 + 4) / 4 = 3. Deviations -3, 1, 1, 1; squares add to 9 + 1 + 1 + 1 = 12.
    # Variance 12 / (4 - 1) = 4, standard deviation 2, standard error 2 / sqrt(4) = 1.
    # t for 3 degrees of freedom is 3.182, so the interval is 3 -/+ 3.182 x 1.
    assert change == PairedChange(
        count=4,
        mean_change=Decimal(3),
        ci_low=Decimal("-0.182"),
        ci_high=Decimal("6.182"),
        improved=3,
        improved_share=Decimal("0.75"),
    )


def test_a_single_pair_has_a_change_but_no_interval():
    change = paired_change([(Decimal("20.00"), Decimal("25.03"))])
    assert change == PairedChange(1, Decimal("5.03"), None, None, 1, Decimal(1))


def test_no_pairs_have_no_change():
    assert paired_change([]) == PairedChange(0, None, None, None, 0, None)


def test_an_improvement_of_just_under_3_points_is_not_counted():
    change = paired_change([(Decimal("20.00"), Decimal("22.99")), (Decimal("20"), Decimal("23"))])
    assert change.improved == 1
    assert change.improved_share == Decimal("0.5")


@pytest.mark.parametrize(
    ("df", "critical"),
    [
        (1, "12.706"),
        (30, "2.042"),
        (35, "2.042"),
        (40, "2.021"),
        (120, "1.980"),
        (121, "1.980"),
        (1000, "1.962"),
        (1001, "1.960"),
        (10**6, "1.960"),
    ],
)
def test_t_critical_values_step_down_to_the_nearest_tabled_degrees_of_freedom(df, critical):
    assert t_critical_95(df) == Decimal(critical)


def test_t_needs_a_degree_of_freedom():
    with pytest.raises(ValueError, match=DEGREES_OF_FREEDOM_NOT_POSITIVE):
        t_critical_95(0)


def test_t_critical_values_shrink_towards_the_normal_as_df_grows():
    values = [T_CRITICAL_95[df] for df in sorted(T_CRITICAL_95)]
    assert values == sorted(values, reverse=True)
    assert values[-1] > t_critical_95(10**6) == Decimal("1.960")


@settings(max_examples=200)
@given(pairs)
def test_the_mean_change_lies_inside_its_interval(data):
    change = paired_change(data)
    assert change.ci_low <= change.mean_change <= change.ci_high
    assert change.count == len(data)
    assert 0 <= change.improved_share <= 1


@settings(max_examples=200)
@given(pairs, st.integers(min_value=1, max_value=5))
def test_the_interval_narrows_as_the_same_data_is_repeated(data, times):
    fewer = paired_change(data * times)
    more = paired_change(data * (times + 1))
    assert more.mean_change == pytest.approx(fewer.mean_change)
    fewer_width = fewer.ci_high - fewer.ci_low
    more_width = more.ci_high - more.ci_low
    if fewer_width > 0:
        assert more_width < fewer_width
    else:
        assert more_width == 0
