"""The zeep-based harness: in-process transport, fixture cases and their replay."""
