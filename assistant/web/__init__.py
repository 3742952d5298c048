"""The web app (Gradio UI + FastAPI API). Needs the ``web`` extra: ``pip install 'policy-assistant[web]'``."""

from importlib.util import find_spec

_NEEDED = {"gradio": "gradio", "fastapi": "fastapi", "uvicorn": "uvicorn", "slowapi": "slowapi", "multipart": "python-multipart"}
_missing = [package for module, package in _NEEDED.items() if find_spec(module) is None]
if _missing:
    raise ImportError(
        f"the web app needs the `web` extra ({', '.join(_missing)} missing): pip install 'policy-assistant[web]' "
        "(or `make run`, which installs it)"
    )
