"""The case board in a browser (see app.py)."""

from caseboard.web.app import create_app

__all__ = ["create_app"]
