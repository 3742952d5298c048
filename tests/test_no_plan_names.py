"""No plan's items, units or places named in the package's Python (a ratchet).

The forbidden names are derived from the plans themselves, never listed here: every plan under
corpus/policies/ and tests/data/ (parsed), every real plan's sidecar under tests/data/real/, and
corpus/glossary.yaml:

* units: every lead/responsible unit, issuer and coordinating unit, with its short forms (市妇联 ->
  妇联), the glossary's unit names with their Chinese aliases, English names and English aliases;
* places: the place of every plan (sidecar ``place``, or the title's leading 某市/某县), with and
  without its 市/县/区/省, and the place word of the glossary's English names (``X Municipal``);
* item terms: phrases quoted in item titles (“两癌”), glossary terms that occur in an item title,
  their English aliases, and words of four or more characters that only one plan's titles use.

Every ``.py`` file under assistant/ and app.py is searched (comments and docstrings too: an example
there is copied into code next). tests/plan_names_allowlist.txt lists the offences that were there
when the check came in; the test fails on any offence not listed, so the list only shrinks.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from assistant.corpus.parsing import parse_policy
from assistant.search.retrieval import plan_place
from assistant.settings import PROJECT_ROOT

ALLOWLIST = Path(__file__).parent / "plan_names_allowlist.txt"
DATA = Path(__file__).parent / "data"
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_ADMIN = "市县縣区區省"
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,16})[”\"」]")


def _plans() -> list[dict]:
    """title, place, issuer, coordinating units and items (title, units) of every plan we hold."""
    plans = []
    for path in sorted((PROJECT_ROOT / "corpus" / "policies").glob("*.txt")) + sorted(DATA.glob("*.txt")):
        doc = parse_policy(path.read_text(encoding="utf-8"), doc_id=path.stem, source=str(path))
        plans.append(
            {
                "title": doc.title,
                "place": None,
                "units": [doc.issuer or "", *doc.coordinating_units, *(u for it in doc.items for u in it.units)],
                "item_titles": [it.title for it in doc.items],
                "text": doc.title + doc.preamble + "".join(it.text for it in doc.items) + doc.closing,
            }
        )
    for sidecar in sorted((DATA / "real").glob("*.yaml")):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
        items = meta.get("items") or []
        plans.append(
            {
                "title": meta.get("title") or "",
                "place": meta.get("place"),
                "units": [
                    meta.get("issuer") or "",
                    *(u for it in items for u in (it.get("lead_units") or []) + (it.get("responsible_units") or [])),
                ],
                "item_titles": [it.get("title") or "" for it in items],
                "text": next((f.read_text(encoding="utf-8") for f in _text_files(sidecar, meta) if f.is_file()), ""),
            }
        )
    return plans


def _text_files(sidecar: Path, meta: dict) -> list[Path]:
    """The plan's text: the file itself when it is text, else the text the fixture was made from."""
    return [sidecar.parent / str(meta.get("file", "")), sidecar.parent / "raw" / f"{sidecar.stem}.txt"][
        0 if str(meta.get("file", "")).endswith((".txt", ".md")) else 1 :
    ]


def _short_forms(name: str) -> set[str]:
    """市妇联 -> 妇联; 临沂市公安局 -> 公安局; 中共临沂市委宣传部 -> 宣传部."""
    out = {name}
    m = re.match(rf"^(?:各|中共)?[\u4e00-\u9fff]{{0,4}}?[{_ADMIN}]委?(?P<rest>[\u4e00-\u9fff]{{2,}})$", name)
    if m:
        out.add(m.group("rest"))
    return out


def _place_forms(place: str) -> set[str]:
    return {place, place[:-1]} if len(place) >= 3 and place[-1] in _ADMIN else {place}


@cache
def forbidden_names() -> dict[str, str]:
    """name -> why it is forbidden (which kind of plan fact it is)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    names: dict[str, str] = {}  # name -> kind; kept whatever other plans say
    derived: dict[str, str] = {}  # short forms and title words: dropped when they are the format's vocabulary
    glossary = yaml.safe_load((PROJECT_ROOT / "corpus" / "glossary.yaml").read_text(encoding="utf-8"))
    plans = _plans()
    titles = [t.replace(" ", "") for p in plans for t in p["item_titles"]]
    for plan in plans:
        for unit in filter(None, (u.strip() for u in plan["units"])):
            names[unit] = "unit"
            derived.update(dict.fromkeys(_short_forms(unit) - {unit}, "unit"))
        for place in filter(None, [plan["place"], plan_place(plan["title"].lstrip("《"))]):
            names.update(dict.fromkeys(_place_forms(place), "place"))
        for title in plan["item_titles"]:
            names.update(dict.fromkeys((q.replace(" ", "") for q in _QUOTED.findall(title)), "item term"))
    for unit in glossary.get("units", []):
        names[unit["name"]] = "unit"
        derived.update(dict.fromkeys(_short_forms(unit["name"]) - {unit["name"]}, "unit"))
        names[unit["en"]] = "unit (English)"
        for alias in unit.get("aliases", []):
            names[alias] = "unit" if _CJK.match(alias) else "unit (English)"
        if m := re.search(r"([A-Z][a-z]+) Municipal", unit["en"]):
            names[m.group(1)] = "place (English)"
    words: Counter[str] = Counter()
    for plan in plans:
        words.update({w for t in plan["item_titles"] for w in jieba.lcut(t.replace(" ", "")) if len(w) >= 4 and _CJK.match(w)})
    derived.update({word: "item term" for word, used_by in words.items() if used_by == 1})
    for syn in glossary.get("synonyms", []):  # the glossary's terms for an item, and how people say them in English
        term = syn["term"].replace(" ", "")
        if any(term in t for t in titles) and (len(term) >= 3 or term in names):
            derived[term] = "item term"
            for alias in syn.get("aliases", []):
                if not _CJK.match(alias) and " " in alias.strip():
                    names[alias] = "item term (English)"

    # A derived word that many plans use is the format's vocabulary, not one plan's fact: a short form
    # in half the plans or more (人民政府), an item word in three or more (救助).
    texts = [re.sub(r"\s", "", p["text"] + p["title"] + "".join(p["item_titles"]) + "".join(filter(None, p["units"]))) for p in plans]
    for name, why in derived.items():
        used_by = sum(name in text for text in texts)
        if name not in names and used_by < (len(plans) / 2 if why == "unit" else 3):
            names[name] = why
    # 某 ("a certain") marks a placeholder place; a single character or a short Latin word means nothing alone.
    return {n: why for n, why in names.items() if not n.startswith("某") and (len(n) >= 2 if _CJK.match(n) else len(n.strip()) >= 4)}


def _pattern(name: str) -> re.Pattern[str]:
    if _CJK.match(name):
        return re.compile(re.escape(name))
    return re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", re.IGNORECASE)


def offences() -> set[tuple[str, str]]:
    """(file relative to the project, name) for every forbidden name in the package's Python."""
    files = sorted((PROJECT_ROOT / "assistant").rglob("*.py")) + [PROJECT_ROOT / "app.py"]
    patterns = {name: _pattern(name) for name in forbidden_names()}
    found = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name, pattern in patterns.items():
            if pattern.search(text):
                found.add((path.relative_to(PROJECT_ROOT).as_posix(), name))
    return found


def allowlist() -> set[tuple[str, str]]:
    rows = set()
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, name = line.split("\t")
            rows.add((path, name))
    return rows


def test_forbidden_names_come_from_the_plans() -> None:
    names = forbidden_names()
    # One of each kind from the real corpus and from tests/data, so the derivation cannot silently come up empty.
    assert names["市妇联"] == "unit" and names["妇联"] == "unit" and names["团市委"] == "unit"
    assert names["临沂"] == "place" and names["Linyi"] == "place (English)"
    assert names["两癌"] == "item term" and names["希望小屋"] == "item term"
    assert names["费县"] == "place" and names["灵璧"] == "place" and names["县卫生健康局"] == "unit"
    assert "少年宫" not in names  # three characters, and not quoted: too plain to forbid
    assert len(names) > 200


def test_no_new_plan_names_in_the_package() -> None:
    found, allowed = offences(), allowlist()
    if gone := sorted(allowed - found):  # progress: say so, so the list gets shrunk
        warnings.warn(f"{len(gone)} lines of {ALLOWLIST.name} are no longer needed: {gone[:5]}", stacklevel=1)
    new = sorted(found - allowed)
    why = forbidden_names()
    assert not new, (
        "plan facts named in Python (move them to corpus/*.yaml or the package's data files, or derive them from the plan text):\n"
        + "\n".join(f"  {path}: {name!r} ({why[name]})" for path, name in new)
    )


def test_the_check_finds_a_plan_name(tmp_path: Path) -> None:
    """The search itself: a file naming a unit by a short form, or a place in English, is caught."""
    text = 'UNIT = "找妇联"\n# e.g. the linyi plan\n'
    hits = {name for name, pattern in ((n, _pattern(n)) for n in forbidden_names()) if pattern.search(text)}
    assert {"妇联", "Linyi"} <= hits
    assert not {name for name in forbidden_names() if _pattern(name).search('QUESTION = "哪个部门负责？"')}


if __name__ == "__main__":  # prints the current offences in the allowlist's format
    for path, name in sorted(offences()):
        print(f"{path}\t{name}")
