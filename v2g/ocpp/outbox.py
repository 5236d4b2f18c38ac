"""The queue of transaction messages (OCPP 2.0.1 E04, "Transaction-related message ordering"): every
TransactionEvent is kept, in order, until the CSMS has answered it; with a ``path`` the queue is
written (atomically, on every change) so a restart of the charger loses none, and a message is
removed only after its answer, so none is sent twice except one whose answer was lost (which the
CSMS recognises by its transactionId and seqNo).
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["Outbox"]


class Outbox:
    """FIFO of ``(action, payload)``; ``path`` (None: in memory only) holds it as JSON."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._items: deque[tuple[str, dict[str, Any]]] = deque()
        if path is not None and path.exists():
            for action, payload in json.loads(path.read_text()):
                self._items.append((str(action), dict(payload)))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(list(self._items))

    def push(self, action: str, payload: dict[str, Any]) -> None:
        self._items.append((action, payload))
        self._save()

    def head(self) -> tuple[str, dict[str, Any]] | None:
        return self._items[0] if self._items else None

    def pop(self) -> None:
        """The head was answered: remove it."""
        self._items.popleft()
        self._save()

    def rewrite(self, change: Callable[[tuple[str, dict[str, Any]]], tuple[str, dict[str, Any]]]) -> None:
        """Replace every queued message by ``change(message)`` (1.6: the CSMS's transactionId)."""
        self._items = deque(change(item) for item in self._items)
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        with tmp.open("w") as f:
            json.dump(list(self._items), f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
