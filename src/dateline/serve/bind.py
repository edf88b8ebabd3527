"""Where the server may listen: loopback freely, anywhere else only with a token.

Kept free of web-framework imports so the command line can check a bind before the ``web``
extra is even imported.
"""

from __future__ import annotations

import ipaddress

TOKEN_ENV = "DATELINE_TOKEN"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class TokenRequired(ValueError):
    """Raised when a server would listen beyond loopback without a token."""


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen on a non-loopback address without a token."""
    if not is_loopback(host) and not token:
        raise TokenRequired(
            f"binding to {host} makes the corpus reachable from other machines; "
            f"give a token with --token or {TOKEN_ENV}"
        )
