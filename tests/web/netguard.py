"""A tripwire for tests: any TCP connection to a non-loopback address fails the test.

Installed below the SSRF guard (at httpcore's socket layer and at `socket.create_connection`),
so even a broken guard cannot make a test talk to the network.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest


class NetworkTouched(AssertionError):
    pass


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(str(host).strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return False


def _no_dns(host, *args, **kwargs):
    raise OSError(f"DNS is disabled in tests (asked for {host!r})")


@pytest.fixture
def no_network(monkeypatch):
    """Only loopback connections; DNS answers nothing unless a test gives a resolver.

    Returns the list of addresses a connection was attempted to (loopback or not)."""
    import httpcore

    attempts: list[str] = []

    real_backend_connect = httpcore.SyncBackend.connect_tcp
    real_create = socket.create_connection

    def backend_connect(self, host, port, *args, **kwargs):
        attempts.append(str(host))
        if not _loopback(host):
            raise NetworkTouched(f"test tried to connect to {host}:{port}")
        return real_backend_connect(self, host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        attempts.append(str(address[0]))
        if not _loopback(address[0]):
            raise NetworkTouched(f"test tried to connect to {address}")
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", backend_connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts
