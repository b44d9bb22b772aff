"""Numbers typed by people are read from the digits 0 to 9 only (issue 19).

str.isdigit() and int() also take other scripts' digits: int("٤٢") is 42, and "²" passes
isdigit() before int() raises (a 500 wherever a view checked one and called the other);
Python's `\\d` and Decimal() take them too. One reader of ids for views, and the import
parsers, say no to them."""

import pytest

from maillage.core.imports_parsers import CellError, date_value, decimal, integer
from maillage.core.lookups import BIGINT_MAX
from maillage.core.validation import parse_id

OTHER_DIGITS = ["٤٢", "۴۲", "４２", "4²", "²", "⁴²", "𝟒𝟐"]


@pytest.mark.parametrize("text", ["42", "1", str(BIGINT_MAX)])
def test_an_id_is_read(text):
    assert parse_id(text) == int(text)


@pytest.mark.parametrize(
    "text", [*OTHER_DIGITS, None, "", "0", "-1", "+4", " 42", "4 2", str(BIGINT_MAX + 1), "9" * 40]
)
def test_anything_else_is_no_id(text):
    assert parse_id(text) is None


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_the_import_parsers_read_the_digits_0_to_9_only(text):
    for parse in (integer(), decimal(), date_value()):
        with pytest.raises(CellError):
            parse(text)
    assert integer()("42") == 42
