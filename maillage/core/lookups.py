"""`field__in=[…]` on an integer column, with values beyond the column's range left out.

Django's own exact and comparison lookups on integer fields already treat a value out of
range as matching nothing; `in` does not, and a posted id such as -99999999999999999999
reached SQLite as an OverflowError (PostgreSQL: "integer out of range"), a 500 from any
form with a multiple choice of records (found by tests/fuzz/test_form_fuzz.py). No row can
hold such a value, so leaving it out changes no result: the form then calls it an invalid
choice.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            kind = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(kind)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


# The largest value of a 64-bit integer column, the same on every database Maillage runs on
# (SQLite stores integers on 64 bits; PostgreSQL's bigint). Ids are BigAutoFields and a
# query's OFFSET is a bigint: a number beyond this cannot name a row or a position, and
# reaching the database it is an OverflowError (SQLite) or "out of range" (PostgreSQL).
BIGINT_MAX: int = BaseDatabaseOperations.integer_field_ranges["BigIntegerField"][1]
