"""Best-effort atomic writes for klint's own caches (never for the user's documents)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to a private temporary file beside ``path``, then rename it into place.

    Readers see the old file or the new one, never a partial one; a failure leaves no
    temporary file behind and returns False (a cache that can't be written is not an error).
    """
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
