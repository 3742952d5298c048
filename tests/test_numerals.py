"""The one Chinese numeral parser (assistant.language.numerals)."""

import pytest

from assistant.language.numerals import chinese_numeral, parse_number, to_chinese


@pytest.mark.parametrize(
    "text, value",
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两", 2),
        ("两百", 200),
        ("零", 0),
        ("〇", 0),
        ("二〇二二", 2022),
        ("7", 7),
        ("12", 12),
        ("１２", 12),
        ("三千零一", 3001),
    ],
)
def test_values(text, value):
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "十十", "二三十", "abc", "十百", "一x", "零十"])
def test_rejects(text):
    with pytest.raises(ValueError):
        chinese_numeral(text)
    assert parse_number(text) is None


def test_round_trip():
    for n in range(0, 1200):
        assert chinese_numeral(to_chinese(n)) == n
    assert [to_chinese(n) for n in (1, 10, 11, 20, 23, 105, 110)] == ["一", "十", "十一", "二十", "二十三", "一百零五", "一百一十"]


def test_old_import_path_still_works():
    from assistant.corpus.parsing import chinese_numeral as old

    assert old("十一") == 11
