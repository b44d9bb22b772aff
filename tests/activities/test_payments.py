"""The Belgian structured communication: +++ddd/dddd/ddddd+++, ten digits and a mod-97 check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.activities.payments import (
    check_digits,
    format_reference,
    parse_reference,
    reference_base,
)
from maillage.core.validation import has_other_digits

# Valid communications: the example, a base whose remainder is 0 (check digits 97),
# and others computed by hand.
VALID = [
    ("+++123/4567/89002+++", "1234567890"),
    ("+++000/0000/09797+++", "0000000097"),
    ("+++000/0000/00101+++", "0000000001"),
    ("+++090/9337/55493+++", "0909337554"),
]
INVALID = [
    "+++123/4567/89003+++",  # wrong check digits
    "+++123/4567/8900+++",  # eleven digits
    "+++123/4567/890021+++",  # thirteen digits
    "+++000/0000/00000+++",  # 0 mod 97 is written 97, never 00
    "+++12a/4567/89002+++",
    "",
    "bonjour",
]


@pytest.mark.parametrize(("text", "base"), VALID)
def test_valid_references_are_read(text: str, base: str) -> None:
    assert parse_reference(text) == base
    assert format_reference(base) == text


@pytest.mark.parametrize("text", INVALID)
def test_invalid_references_are_refused(text: str) -> None:
    assert parse_reference(text) is None


@pytest.mark.parametrize(
    "typed",
    ["123/4567/89002", "123456789002", "***123/4567/89002***", " +++ 123 / 4567 / 89002 +++ "],
)
def test_references_typed_the_usual_ways_are_read(typed: str) -> None:
    assert parse_reference(typed) == "1234567890"


def test_a_remainder_of_zero_gives_97() -> None:
    assert check_digits("0000000097") == "97"
    assert check_digits("0000000194") == "97"


def test_each_registration_number_gives_its_own_reference() -> None:
    assert reference_base(42) == "0000000042"
    assert format_reference(reference_base(42)) == "+++000/0000/04242+++"
    with pytest.raises(ValueError):
        reference_base(0)


@given(st.integers(min_value=1, max_value=10**10 - 1))
def test_every_reference_we_print_is_read_back(number: int) -> None:
    base = reference_base(number)
    assert parse_reference(format_reference(base)) == base


@given(st.integers(min_value=1, max_value=10**10 - 1), st.integers(min_value=1, max_value=96))
def test_a_wrong_check_is_always_caught(number: int, shift: int) -> None:
    base = reference_base(number)
    wrong = (int(check_digits(base)) + shift - 1) % 97 + 1
    assert parse_reference(f"{base}{wrong:02d}") is None


# The valid +++123/4567/89002+++ written with other digits than 0 to 9: str.isdigit() and
# int() take them all (int() reads "١٢٣" as 123, and raises on "²": a 500 on the page).
OTHER_DIGITS = [
    "+++١٢٣/٤٥٦٧/٨٩٠٠٢+++",  # Arabic-Indic
    "+++۱۲۳/۴۵۶۷/۸۹۰۰۲+++",  # Persian
    "+++１２３/４５６７/８９００２+++",  # full-width
    "+++123/4567/8900²+++",  # a superscript two
    "²²²²²²²²²²²²",
]


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_a_reference_is_read_from_the_digits_0_to_9_only(text: str) -> None:
    assert parse_reference(text) is None
    assert has_other_digits(text)


def test_the_digits_0_to_9_are_no_other_digits() -> None:
    assert not has_other_digits("+++123/4567/89002+++")
