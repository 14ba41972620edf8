"""Partners' API keys and webhook signatures (pure: standard library only).

An API key is `st311-<key id: 12 hex>-<secret: 48 hex>`. The partner record keeps the key id (to find the
record) and a salted SHA-256 of the whole key (a random 190-bit key needs no slow hash); the key itself is
shown once, when it is issued.

A webhook body is signed `X-Open311-Signature: sha256=<hex HMAC-SHA256 of the raw body under the partner's
webhook secret>`. A failed delivery is retried after 1, 2, 4 ... minutes (at most 6 hours apart) until
MAX_ATTEMPTS attempts have failed.
"""

import hashlib
import hmac
import re
import secrets

KEY_PREFIX = "st311"
_KEY = re.compile(rf"{KEY_PREFIX}-([0-9a-f]{{12}})-[0-9a-f]{{48}}")
SIGNATURE_HEADER = "X-Open311-Signature"
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 6 * 3600


def new_api_key() -> tuple[str, str]:
	"""(key, key id)."""
	key_id = secrets.token_hex(6)
	return f"{KEY_PREFIX}-{key_id}-{secrets.token_hex(24)}", key_id


def key_id_of(key: str) -> str | None:
	"""The key id of a well-formed key, else None."""
	m = _KEY.fullmatch((key or "").strip())
	return m.group(1) if m else None


def new_salt() -> str:
	return secrets.token_hex(16)


def hash_key(key: str, salt: str) -> str:
	return hashlib.sha256(f"{salt}:{key.strip()}".encode()).hexdigest()


def key_matches(key: str, salt: str, stored_hash: str) -> bool:
	return bool(salt and stored_hash) and hmac.compare_digest(hash_key(key, salt), stored_hash)


def new_webhook_secret() -> str:
	return secrets.token_urlsafe(32)


def signature(body: bytes, secret: str) -> str:
	"""The X-Open311-Signature header's value for `body`."""
	return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, secret: str, header: str | None) -> bool:
	"""What a partner checks on receipt (and the tests do)."""
	return bool(header) and hmac.compare_digest(signature(body, secret), header.strip())


def retry_delay(attempts: int) -> int | None:
	"""Seconds to wait after `attempts` failed attempts, or None when the delivery is given up."""
	if attempts >= MAX_ATTEMPTS:
		return None
	return min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)
