"""The web app (``storytrace serve``): FastAPI over the library API. Needs the ``web`` extra."""

from storytrace.web.app import WEB_SETTINGS, WebConfig, create_app

__all__ = ["WEB_SETTINGS", "WebConfig", "create_app"]
