"""``est api serve``: run the open read API (FastAPI with uvicorn) as its own process.

Off by default: until ``est settings set open_api on`` every data endpoint answers 404. The API reads the
same database the app serves and the CLI writes; each request takes its own short read session.
"""

from __future__ import annotations

import argparse
from typing import Any

from est.cli import add_command_group, add_common, open_cli_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``est api serve``."""
    actions = add_command_group(sub, "api")
    serve = actions.add_parser("serve", help="serve /api/v1/ until stopped (Ctrl-C)")
    add_common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> dict[str, Any]:
    """Serve until stopped; return what was served."""
    import uvicorn

    from est.api.app import create_app

    store = open_cli_store(args.db, replica=True)  # serves for long: reads a local replica of a server store
    uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")
    return {"served": f"http://{args.host}:{args.port}/api/v1/", "_text": "stopped"}
