"""Encryption of case documents at rest: AES-256-GCM, keys from the environment only.

`HJP_DOCUMENT_KEYS` holds one or more keys as `key_id:base64-key` pairs separated by commas; the
first encrypts new documents, the others still decrypt older ones until `rotate_document_keys`
has re-encrypted them. Each ciphertext is bound to its document's id (associated data), so bytes
copied onto another document's row do not decrypt. Stored form: a 12-byte nonce, then the
ciphertext with its tag.
"""

import base64
import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
KEYS_MALFORMED = (
    "HJP_DOCUMENT_KEYS must be one or more key_id:key pairs separated by commas, each key 32 "
    'random bytes in base64 (generate one with: python -c "import base64, os; '
    'print(base64.urlsafe_b64encode(os.urandom(32)).decode())")'
)


class DocumentKeyError(Exception):
    """The document keys are missing or malformed, or a document's key is not configured."""


class DecryptionFailed(Exception):
    """The stored bytes do not decrypt with the document's key and id: altered or moved."""


def parse_keys(value: str) -> dict[str, bytes]:
    """{key id: key} in the order given (the first is current); raises on anything malformed."""
    keys: dict[str, bytes] = {}
    for pair in (part.strip() for part in value.split(",")):
        key_id, _, encoded = pair.partition(":")
        if not KEY_ID.match(key_id) or key_id in keys:
            raise DocumentKeyError(KEYS_MALFORMED)
        try:
            key = base64.urlsafe_b64decode(encoded.strip() + "=" * (-len(encoded.strip()) % 4))
        except (binascii.Error, ValueError) as error:
            raise DocumentKeyError(KEYS_MALFORMED) from error
        if len(key) != KEY_BYTES:
            raise DocumentKeyError(KEYS_MALFORMED)
        keys[key_id] = key
    if not keys:
        raise DocumentKeyError(KEYS_MALFORMED)
    return keys


def new_key_text(key_id: str) -> str:
    """A fresh `key_id:key` pair to put in HJP_DOCUMENT_KEYS."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"


def current_key_id(keys: dict[str, bytes]) -> str:
    return next(iter(keys))


def encrypt(plaintext: bytes, *, document_id, keys: dict[str, bytes]) -> tuple[str, bytes]:
    """(key id, nonce + ciphertext) for a document's bytes under the current key."""
    key_id = current_key_id(keys)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys[key_id]).encrypt(nonce, plaintext, str(document_id).encode())
    return key_id, nonce + sealed


def decrypt(stored: bytes, *, key_id: str, document_id, keys: dict[str, bytes]) -> bytes:
    """A document's bytes; raises when its key is gone or the bytes were altered or moved."""
    if key_id not in keys:
        raise DocumentKeyError(f"The key {key_id!r} that encrypted a document is not configured.")
    stored = bytes(stored)
    try:
        return AESGCM(keys[key_id]).decrypt(
            stored[:NONCE_BYTES], stored[NONCE_BYTES:], str(document_id).encode()
        )
    except InvalidTag as error:
        raise DecryptionFailed("The document's stored bytes do not decrypt.") from error
