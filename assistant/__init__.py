"""Answers questions about Chinese government work plans from their structured records, with citations."""

from assistant.answering.answers import Answer, Source
from assistant.settings import Settings

__all__ = ["Answer", "PolicyAssistant", "Settings", "Source"]


def __getattr__(name: str):  # the engine pulls in Chroma: import it only when asked for
    if name == "PolicyAssistant":
        from assistant.answering.assistant import PolicyAssistant

        return PolicyAssistant
    raise AttributeError(name)
