"""The typed answer and its JSON contract (a public interface: keys are only ever added)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.eligibility.judgement import Verdict

Status = Literal["answered", "out_of_scope", "clarify"]
Eligibility = Verdict  # the one verdict type, defined with the judgement


@dataclass(frozen=True)
class Source:
    item: int
    kind: str  # item | faq | text
    text: str
    score: float
    document: str = ""
    document_title: str = ""
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    question: str
    language: str
    status: Status
    answer: str
    items: tuple[int, ...] = ()
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    eligibility: Eligibility | None = None
    sources: tuple[Source, ...] = ()
    # Extensions beyond the original contract.
    missing_facts: tuple[str, ...] = ()
    document: str | None = None
    document_title: str | None = None
    intent: str | None = None
    notice: str | None = None
    coverage: dict[str, Any] | None = None  # {"matched": [...], "unmatched": [...], "decision": ...}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["items"] = list(self.items)
        data["lead_units"] = list(self.lead_units)
        data["responsible_units"] = list(self.responsible_units)
        data["missing_facts"] = list(self.missing_facts)
        data["sources"] = [
            {
                **s,
                "lead_units": list(s["lead_units"]),
                "responsible_units": list(s["responsible_units"]),
                "score": round(float(s["score"]), 4),
            }
            for s in data["sources"]
        ]
        return data


CONTRACT_KEYS = ("question", "language", "status", "answer", "items", "lead_units", "responsible_units", "eligibility", "sources")


@dataclass(frozen=True)
class RankedItem:
    """One item of one plan as retrieval ranked it, with the evidence that put it there."""

    document: str
    item: int
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    evidence: tuple[Source, ...] = field(default_factory=tuple)
