"""What the web app and the terminal chat call themselves: from ``corpus/site.yaml`` or the indexed plans.

``corpus/site.yaml`` is optional::

    title: 某市政策问答 · City Policy Assistant     # the app's name; default: derived from the plans
    examples:                                      # example questions, per plan id
      some-plan-id:
        - 某项由哪个单位负责？

A plan with no examples there gets two derived from its first item titles; a plan no longer indexed
shows none. The note under the title always lists every indexed plan, so two plans show two titles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.corpus.records import PolicyDocument

SITE_FILE = "site.yaml"
GENERIC_TITLE = "政策问答 · Policy Assistant"
DERIVED_EXAMPLES = 2  # per plan without configured examples


@dataclass(frozen=True)
class SiteText:
    title: str
    plans: tuple[str, ...]  # the titles of the indexed plans
    examples: tuple[str, ...]

    @property
    def note_zh(self) -> str:
        if not self.plans:
            return "尚未发布任何方案。"
        listed = "".join(f"《{t}》" for t in self.plans)
        return f"本助手的回答全部来自{listed}，并附上原文出处。方案未涉及的问题，请咨询相关主管部门。"

    @property
    def note_en(self) -> str:
        if not self.plans:
            return "No plan has been published yet."
        listed = ", ".join(f"《{t}》" for t in self.plans)
        plural = "plans" if len(self.plans) > 1 else "plan"
        return (
            f"Answers come only from the {plural} {listed}, with the clause cited. "
            "For anything not covered, please contact the relevant government department."
        )

    @property
    def banner(self) -> str:
        return f"{self.title}. 输入问题，空行或 Ctrl-D 退出 (empty line or Ctrl-D quits); /new 开始新话题."


def _read(corpus_dir: Path) -> dict[str, Any]:
    path = corpus_dir / SITE_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'title' and/or 'examples'")
    return data


def derived_title(documents: Sequence[PolicyDocument]) -> str:
    if len(documents) == 1:
        return f"《{documents[0].title}》问答 · Policy Assistant"
    return GENERIC_TITLE


def site_text(corpus_dir: Path, documents: Sequence[PolicyDocument]) -> SiteText:
    """Site text for these indexed plans; ``corpus/site.yaml`` overrides the title and examples."""
    data = _read(corpus_dir)
    configured = data.get("examples") or {}
    if not isinstance(configured, dict):
        raise ValueError(f"{corpus_dir / SITE_FILE}: 'examples' must map a plan id to a list of questions")
    examples: list[str] = []
    for doc in documents:
        own = configured.get(doc.doc_id)
        if isinstance(own, list) and own:
            examples += [str(q).strip() for q in own if str(q).strip()]
        else:
            examples += [f"「{it.title}」由哪个单位负责？" for it in doc.items[:DERIVED_EXAMPLES]]
    title = str(data.get("title") or "").strip() or derived_title(documents)
    return SiteText(title=title, plans=tuple(d.title for d in documents), examples=tuple(dict.fromkeys(examples)))
