"""Web app entry point: wiring only; nothing is built at import.

python app.py [--host 127.0.0.1] [--port 7860]      # same as `policy-assistant serve`
uvicorn --factory app:create_app                     # the FastAPI app, assistant built on first use
"""

from __future__ import annotations

import sys

from assistant.web.app import create_app

__all__ = ["create_app", "main"]


def main(argv: list[str] | None = None) -> int:
    from assistant.cli import main as cli_main

    return cli_main(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
