"""The REST face (issue 12): DFDG's REST services on the same domain as the SOAP face; the only code importing FastAPI."""
