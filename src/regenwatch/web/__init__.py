"""The web face: `regenwatch serve` (a page for patients, a JSON API for teams)."""

from regenwatch.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
