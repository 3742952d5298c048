"""The gazetteer: China's administrative divisions from the table the cpca package ships (read as data)."""

from __future__ import annotations

import os
import subprocess
import sys

from assistant.language.gazetteer import gazetteer
from assistant.settings import PROJECT_ROOT


def names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    g = gazetteer()
    return [(m.said, tuple(g.places[c].name for c in m.codes)) for m in g.mentions(text)]


def test_containment_follows_the_adcode() -> None:
    g = gazetteer()
    (district,) = g.lookup("兰山区")
    assert district.level == "district" and [p.name for p in g.chain(district.code)] == ["兰山区", "临沂市", "山东省"]
    (city,) = g.lookup("临沂市")
    (county,) = g.lookup("费县")
    assert (city.level, county.level) == ("city", "county")
    assert g.contains(city.code, district.code) and g.contains(city.code, county.code)
    assert not g.contains(district.code, city.code) and not g.contains(county.code, district.code)
    assert g.distance(city.code, county.code) == 1 and g.distance(county.code, county.code) == 0
    # a district of a municipality hangs under the municipality itself (the table has no 市辖区 row for it)
    (chaoyang_bj,) = [p for p in g.lookup("朝阳区") if p.code.startswith("11")]
    assert [p.level for p in g.chain(chaoyang_bj.code)] == ["district", "province"]


def test_names_with_and_without_suffix() -> None:
    g = gazetteer()
    assert g.lookup("兰山") == g.lookup("兰山区")
    assert [p.name for p in g.lookup("丽水")] == ["丽水市"]
    assert [p.name for p in g.lookup("新疆")] == ["新疆维吾尔自治区"]  # the nationality is not part of the stem
    assert g.lookup("费") == ()  # a one-character stem needs its suffix
    assert g.lookup("三门") == ()  # an ordinary word (a numeral phrase in jieba's dictionary)
    assert g.lookup("北城新区") == () and g.lookup("开发区") == ()  # look like places, are not divisions


def test_an_ambiguous_name_stays_ambiguous() -> None:
    g = gazetteer()
    hedong = g.lookup("河东区")
    assert len(hedong) == 2 and {g.chain(p.code)[-1].name for p in hedong} == {"山东省", "天津市"}
    assert g.lookup("河东") == ()  # a bare stem two places share names neither


def test_english_names() -> None:
    g = gazetteer()
    assert g.lookup("罗庄区")[0].english == "Luozhuang District"
    assert g.lookup("费县")[0].english == "Fei County"
    assert names("I volunteer with a charity in Luozhuang.") == [("Luozhuang", ("罗庄区",))]
    assert names("in Fei County") == [("Fei County", ("费县",))]
    assert names("Linyi City") == [("Linyi City", ("临沂市",))]  # the level word picks the city of that name
    assert names("Who is responsible for cervical cancer screening?") == []


def test_mentions_in_a_question() -> None:
    assert names("我住在兰山区城里，能参加免费宫颈癌乳腺癌筛查吗") == [("兰山区", ("兰山区",))]
    assert names("临沂市费县的两癌筛查") == [("临沂市", ("临沂市",)), ("费县", ("费县",))]
    assert names("市民政局参与了哪些实事？") == []  # 市民 is not a place
    assert names("北城新区的妇女可以筛查吗") == []


def test_the_table_is_read_without_importing_cpca() -> None:
    # in a fresh interpreter: other tests (Chroma) may have loaded pandas in this one
    code = "import sys; from assistant.language.gazetteer import gazetteer; gazetteer().mentions('兰山区 Luozhuang'); "
    code += "sys.exit(int('cpca' in sys.modules or 'pandas' in sys.modules))"
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}).returncode == 0
    )


def test_one_place_stem_and_one_pinyin_for_every_caller() -> None:
    """gazetteer.place_stem and gazetteer.pinyin serve the gazetteer, place scoping (places._stem) and
    English unit names (glossary.place_english): the behaviour each had before they were merged."""
    from assistant.corpus.glossary import place_english
    from assistant.language.gazetteer import pinyin, place_stem
    from assistant.language.places import _stem

    assert [place_stem(n) for n in ("兰山区", "临沂市", "费县", "山东省", "某某镇")] == ["兰山", "临沂", "费", "山东", "某某"]
    assert place_stem("阿坝藏族羌族自治州") == "阿坝" and place_stem("县") == "县"
    assert [_stem(n) for n in ("兰山区", "费县", "县")] == ["兰山", "费", ""]
    assert pinyin("杞縣") == pinyin("杞县") == "qixian" and pinyin("临沂") == "linyi"
    assert place_english("杞縣", "county") == "Qixian County"  # a one-character stem keeps the whole name
    assert place_english("東莞市", "city") == "Dongguan Municipal"
    assert gazetteer().lookup("费县")[0].english == "Fei County"
