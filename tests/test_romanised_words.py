"""The plans' own words written in pinyin inside an English question (issue 10 / 11: English as first-class).

English speakers write a plan's word in pinyin when they know no English for it: "the district fagaiju",
"rencai gongyu", "ping gai guan". A run of Latin words that is no English word and spells, syllable by syllable,
two or more characters in a row of the plans' text stands for them; English words (women: 我们), short words and
words apart do not.

Texts used (real plans; the excerpts are quoted, not invented):
- 鹿邑县2024年十件民生实事, eval/plans/set5/luyi-2024-ten-things.docx,
  http://vocabexpress.net/szb/pc/col/202403/01/content_228274.html ("完成1200户城镇非居民用户液化石油气“瓶改管”改造")
- 临沂市2022年关爱妇女儿童十件实事工作方案, corpus/policies/ (培育100个示范农家书屋; 市妇联)
"""

from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from assistant.language.romanised import Spelling, romanised, spelt


def _spelling(text: str) -> Spelling:
    syllables = lazy_pinyin(text, errors=lambda s: list(s))
    assert len(syllables) == len(text)
    at: dict[str, list[int]] = {}
    for i, s in enumerate(syllables):
        at.setdefault(s, []).append(i)
    return Spelling(text, syllables, at)


LUYI = "推进城镇非居民用户“瓶改管”改造。完成1200户城镇非居民用户液化石油气“瓶改管”改造。"
LINYI = "培育100个示范农家书屋;市妇联牵头,我们的女性"
ENGLISH = frozenset({"women", "who", "the", "of", "project", "how", "many", "switch", "fan", "long"})


def _is_english(word: str) -> bool:
    return word in ENGLISH


def test_a_word_spelled_in_pinyin_is_the_stretch_of_text_it_spells():
    assert spelt("pinggaiguan", _spelling(LUYI)) == ("瓶改管",)
    assert spelt("fulian", _spelling(LINYI)) == ("妇联",)
    assert spelt("nvxing", _spelling(LINYI)) == ("女性",)
    assert spelt("nuxing", _spelling(LINYI)) == ("女性",)  # the umlaut dropped, as English writers do


def test_part_syllables_or_one_character_spell_nothing():
    assert spelt("pinggai", _spelling(LUYI)) == ("瓶改",)  # whole syllables: a prefix of the word is fine
    assert spelt("pinggaigua", _spelling(LUYI)) == ()  # not whole syllables
    assert spelt("guan", _spelling(LUYI)) == ()  # one character is too little
    assert spelt("gongjijin", _spelling(LUYI)) == ()  # a word the text does not write


def test_a_run_of_pinyin_words_stands_for_the_plans_word():
    text = "How many households get the ping gai guan switch?"
    spans = romanised(text, _spelling(LUYI), _is_english)
    assert [(text[a:b], zh) for a, b, zh in spans] == [("ping gai guan", "瓶改管")]


def test_english_words_short_words_and_words_apart_are_not_read_as_pinyin():
    spelling = _spelling(LINYI)
    assert romanised("Which women qualify?", spelling, _is_english) == ()  # women: 我们 in the text, but English
    assert romanised("Is the fu lian open?", spelling, lambda w: False) != ()  # two syllables together: 妇联
    assert romanised("fu, lian", spelling, lambda w: False) == ()  # a comma between: no run
    assert romanised("Ask fu", spelling, lambda w: False) == ()  # one short word


@pytest.mark.parametrize(
    ("question", "item"),
    [("Who is in charge of the nongjia shuwu?", 10), ("Which unit leads the liang ai screening?", 1)],
)
def test_an_english_question_naming_an_item_in_pinyin_is_answered_from_it(assistant, question, item):
    answer = assistant.ask(question)
    assert answer.status == "answered" and answer.language == "en"
    assert answer.items[0] == item


def test_pinyin_of_a_word_no_plan_writes_is_still_declined(assistant):
    answer = assistant.ask("Where do I withdraw my gongjijin housing fund?")
    assert answer.status == "out_of_scope"
