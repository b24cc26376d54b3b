"""SSRF guard: which addresses the URL fetcher may connect to, decided at connect time.

The decision sits in the network backend (the layer that opens sockets), not in URL
parsing, so every connection is vetted: the first request, every redirect hop and
robots.txt alike. The host is resolved once, every address it resolves to must be public,
and the socket is opened to that vetted address: no second lookup that a DNS-rebinding
server could answer differently. TLS still uses the URL's host name for SNI and
certificate checks (httpcore passes it to ``start_tls`` separately).

Refused: loopback, private (RFC 1918, ULA), link-local (incl. 169.254.169.254), multicast,
unspecified, reserved, shared (100.64/10), documentation and benchmarking ranges, cloud
metadata addresses and names, IPv4 addresses embedded in IPv6 (mapped, 6to4, NAT64,
Teredo) that are any of these. ``allow_hosts`` names hosts (or IP literals) that skip the
address checks: for tests on 127.0.0.1 and deliberate local use (``--allow-host``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpcore

Resolver = Callable[..., list]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Addresses that are globally routable by the tables but serve instance metadata.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192",
              "fd00:ec2::254", "169.254.169.253")
)
METADATA_NAMES = frozenset(("metadata", "metadata.google.internal", "instance-data",
                            "instance-data.ec2.internal", "metadata.azure.com"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(Exception):
    """A connection the guard refused; becomes an error record of kind ``ssrf``."""

    kind = "ssrf"


def address_refusal(ip: IPAddress) -> str | None:
    """Why connecting to ``ip`` is refused, or None when it is a public address."""
    if ip in METADATA_ADDRESSES:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = address_refusal(embedded)
            if reason:
                return f"{reason} (embedded in {ip})"
    for test, reason in (
        ("is_loopback", "loopback address"),
        ("is_link_local", "link-local address"),
        ("is_multicast", "multicast address"),
        ("is_unspecified", "unspecified address"),
        ("is_private", "private address"),
        ("is_reserved", "reserved address"),
    ):
        if getattr(ip, test):
            return reason
    if not ip.is_global:
        return "address not globally routable"
    return None


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def vet_host(
    host: str,
    port: int,
    *,
    allow_hosts: Iterable[str] = (),
    resolver: Resolver | None = None,
) -> list[str]:
    """The addresses ``host`` may be reached at; raises :class:`BlockedAddress`.

    One resolution; if ANY address is refused the host is refused (a name that resolves
    to both a public and a private address is an attack, not a mirror).
    """
    key = _host_key(host)
    allowed = key in {_host_key(h) for h in allow_hosts}
    if not allowed:
        if key in METADATA_NAMES or key.endswith((".internal", ".localhost")) \
                or key == "localhost":
            raise BlockedAddress(f"{host}: refused host name")
    try:
        literal = ipaddress.ip_address(key.split("%")[0])
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        resolve = resolver or socket.getaddrinfo
        try:
            infos = resolve(key, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise BlockedAddress(f"{host}: cannot resolve ({exc})") from exc
        addresses = []
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise BlockedAddress(f"{host}: no address")
    if not allowed:
        for ip in addresses:
            reason = address_refusal(ip)
            if reason:
                raise BlockedAddress(f"{host} -> {ip}: {reason}")
    return [str(ip) for ip in addresses]


class GuardedBackend(httpcore.SyncBackend):
    """httpcore network backend that vets the host and connects to the vetted address."""

    def __init__(self, allow_hosts: Iterable[str] = (), resolver: Resolver | None = None):
        self.allow_hosts = tuple(allow_hosts)
        self.resolver = resolver

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = vet_host(host, port, allow_hosts=self.allow_hosts, resolver=self.resolver)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout=timeout,
                                           local_address=local_address,
                                           socket_options=socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, *args, **kwargs):  # pragma: no cover - never used
        raise BlockedAddress("unix sockets are refused")
