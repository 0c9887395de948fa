"""Vietnamese number formatting: "." groups thousands, "," marks decimals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_cli.numfmt import vi_number, vi_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 2, "0"),
        (7, 2, "7"),
        (999, 2, "999"),
        (1234, 2, "1.234"),
        (1234567, 2, "1.234.567"),
        (98.5, 2, "98,5"),
        (98.456, 2, "98,46"),
        (12.0, 2, "12"),
        (-3, 2, "-3"),
        (0.985, 2, "0,99"),
        (0.985, 3, "0,985"),
        (1234.5, 2, "1.234,5"),
        (-1234567.891, 2, "-1.234.567,89"),
        (2.5, 0, "3"),
        (3.3333, 1, "3,3"),
        (4.01, 1, "4"),
        (-0.001, 2, "0"),
        (0.1 + 0.2, 2, "0,3"),
        (10**15, 2, "1.000.000.000.000.000"),
    ],
)
def test_vi_number(value, decimals, expected):
    assert vi_number(value, decimals) == expected


def test_vi_percent():
    assert vi_percent(98.5) == "98,5%"
    assert vi_percent(100) == "100%"
    assert vi_percent(33.3333) == "33,33%"


def test_non_finite_does_not_raise():
    assert vi_number(math.inf) == "∞"
    assert vi_number(-math.inf) == "-∞"
    assert vi_number(math.nan) == "NaN"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(n):
    text = vi_number(n)
    assert "," not in text
    assert int(text.replace(".", "")) == n
    whole = text.lstrip("-").split(".")
    assert len(whole[0]) in (1, 2, 3) and all(len(g) == 3 for g in whole[1:])


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_floats_round_trip_within_rounding(x):
    text = vi_number(x, 2)
    back = float(text.replace(".", "").replace(",", "."))
    assert abs(back - x) <= 0.005 + 1e-6
    assert not text.endswith(("0,", ",")) and not ("," in text and text.endswith("0"))
