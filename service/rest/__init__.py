"""The REST face (issue 12): DFDG's REST services on the same domain as the SOAP face; the only code importing FastAPI."""

# The paths the emulator's root routes here (service/app.py): DFDG's versioned REST paths, the document and its page.
# Here, not in app.py, so that routing a SOAP call imports no FastAPI: the REST face is built on its first request.
DOCS_PATH = "/rest/"
PREFIXES = ("/v1/", "/V1/")
PATHS = frozenset({"/openapi.json", "/rest", DOCS_PATH})


def is_rest_path(path: str) -> bool:
    return path.startswith(PREFIXES) or path in PATHS
