"""The wire layer: the only package that imports spyne. It maps SOAP to domain calls and back."""
