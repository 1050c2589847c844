"""DFDG emulator: a local stand-in for STAR's DFDG SOAP web services."""

__version__ = "0.1.0"
