"""klint's own cache files (never the user's documents): atomic writes, signed blobs, the user folder.

Both caches pickle what they store, so both sign it with a per-user key kept in the user's
cache folder, outside any repository: klint unpickles only bytes it wrote itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

_KEY_SIZE = 32


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


def user_folder() -> Path | None:
    """The user's klint cache folder (``$XDG_CACHE_HOME/klint``, else ``~/.cache/klint``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "klint"
    except RuntimeError:  # no home folder
        return None


def user_key() -> bytes | None:
    """This user's signing key, created on first use; None when there is nowhere to keep it."""
    folder = user_folder()
    if folder is None:
        return None
    path = folder / "cache-key"
    try:
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
            # two first runs may race: each uses the key it reads back; the loser's entries just miss
            write_atomically(path, secrets.token_bytes(_KEY_SIZE))
            key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == _KEY_SIZE else None


def signed(magic: bytes, payload: bytes, key: bytes) -> bytes:
    """``payload`` behind ``magic`` and its signature, as :func:`verified` reads it back."""
    return magic + hmac.new(key, payload, hashlib.sha256).digest() + payload


def verified(magic: bytes, blob: bytes, key: bytes) -> bytes | None:
    """The payload of a :func:`signed` blob; None when the magic or the signature is wrong."""
    start = len(magic) + _KEY_SIZE
    if not blob.startswith(magic) or len(blob) < start:
        return None
    signature, payload = blob[len(magic) : start], blob[start:]
    expected = hmac.new(key, payload, hashlib.sha256).digest()
    return payload if hmac.compare_digest(signature, expected) else None
