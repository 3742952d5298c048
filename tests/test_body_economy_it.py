"""The economy-and-information-technology body type (issue 10, unit look-up class): a plan writing
市經濟和信息化委 (traditional) or 市经济和信息化委 is asked about as 经信委 or 经济和信息化委员会, and its English name
says what the body is instead of spelling it in pinyin. A 经信局 (a bureau) is another body: neither takes the
other's forms.

Unit names as the real plans write them: tests/data/real/neijiang-employment-opinion.txt (市經濟和信息化委),
tests/data/real/jining-employment-opinion.txt (市经济和信息化委), eval/plans/set8/quzhou-2021-gov-report-tasks.html
(市经信局).
"""

from __future__ import annotations

import pytest

from assistant.corpus.glossary import english_name, unit_aliases


@pytest.mark.parametrize("name", ["市經濟和信息化委", "市经济和信息化委"])
def test_the_commission_is_found_by_its_short_and_full_forms(name):
    aliases = unit_aliases(name, "某某市", "city")
    assert {"经信委", "市经信委", "经济和信息化委员会"} <= set(aliases)
    assert english_name(name, "某某市", "city").endswith("Economy and Information Technology Commission")


def test_a_bureau_of_economy_and_it_is_not_the_commission():
    aliases = unit_aliases("市经信局", "某某市", "city")
    assert "经济和信息化局" in aliases
    assert not any("委" in a for a in aliases)
    assert english_name("市经信局", "某某市", "city").endswith("Economy and Information Technology Bureau")
