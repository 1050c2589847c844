"""DFDG emulator: a local stand-in for STAR's DFDG SOAP web services."""

from service import _compat  # noqa: F401  (first: lets spyne 2.14 import on Python 3.12 and 3.13)

__version__ = "0.1.0"
