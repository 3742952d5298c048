"""Coverage evidence's syllables: worked out on first use, the plans' whole text kept in a file keyed by the text
(a missing, stale or broken file is worked out again, never used)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answering.assistant import _pinyin
from assistant.answering.coverage import _LazySyllables, _pinyin_of, _sounds_in, flat

# Wording of the Linyi plan's item on 两癌 screening (tests/data/real), as evidence text
TEXT = flat("为农村适龄妇女免费开展宫颈癌和乳腺癌筛查。(牵头单位:市卫生健康委、市妇联)")


def test_lazy_syllables_are_the_eager_ones_and_work_out_once() -> None:
    calls: list[str] = []

    def counting(text: str) -> list[str]:
        calls.append(text)
        return _pinyin(text)

    lazy = _LazySyllables(TEXT, counting)
    assert calls == []  # nothing worked out until asked
    eager = _pinyin_of(TEXT, _pinyin)
    assert tuple(lazy) == tuple(eager) and len(lazy) == len(TEXT) and lazy.at == eager.at
    assert lazy[2:4] == eager[2:4]
    assert len(calls) == 1
    # the same-sound check reads it like the eager tuple: 筛茶 (a typo of 筛查) sounds like the text
    assert _sounds_in("筛茶", TEXT, lazy, _pinyin) == _sounds_in("筛茶", TEXT, eager, _pinyin) is True


def test_store_is_written_read_and_never_trusted_when_stale(tmp_path: Path) -> None:
    store = tmp_path / "pinyin" / "vocabulary.json"
    first = _LazySyllables(TEXT, _pinyin, store)
    expected = tuple(_pinyin_of(TEXT, _pinyin))
    assert tuple(first) == expected and store.exists()

    def refuse(text: str) -> list[str]:
        raise AssertionError("worked out again although the file holds this text's syllables")

    assert tuple(_LazySyllables(TEXT, refuse, store)) == expected  # read back, not worked out

    other = TEXT.replace("妇女", "儿童")  # another corpus: same length, other syllables
    assert tuple(_LazySyllables(other, _pinyin, store)) == tuple(_pinyin_of(other, _pinyin))
    assert json.loads(store.read_text(encoding="utf-8"))["syllables"][other.index("儿")] == "er"

    kept = json.loads(store.read_text(encoding="utf-8"))
    kept["syllables"] = ["x"] * len(other)  # tampered, key kept: still the text's length, so only the key guards...
    kept["key"] = "0" * 64  # ...and a wrong key is never used
    store.write_text(json.dumps(kept), encoding="utf-8")
    assert tuple(_LazySyllables(other, _pinyin, store)) == tuple(_pinyin_of(other, _pinyin))

    store.write_text("{not json", encoding="utf-8")
    assert tuple(_LazySyllables(TEXT, _pinyin, store)) == expected


def test_unwritable_store_still_answers(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    lazy = _LazySyllables(TEXT, _pinyin, blocked / "pinyin.json")  # its parent is a file: nothing can be written
    assert tuple(lazy) == tuple(_pinyin_of(TEXT, _pinyin))
