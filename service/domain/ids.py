"""Identifier generation: the only place that makes new GUIDs, seedable for replays."""

from __future__ import annotations

import random
import threading
import uuid


class IdGenerator:
    """uuid4 by default; with a seed, the same sequence every run."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self.reseed(seed)

    def reseed(self, seed: int | None) -> None:
        """Start the sequence again (replay runs every case from the same seed)."""
        self._random = random.Random(seed) if seed is not None else None

    def new(self) -> str:
        if self._random is None:
            return str(uuid.uuid4())
        with self._lock:
            return str(uuid.UUID(int=self._random.getrandbits(128), version=4))
