"""Business rules: tables transcribed from the sources (tables/) and the one engine that applies them."""
