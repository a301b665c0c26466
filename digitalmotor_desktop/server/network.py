"""The laptop's addresses on the room's network, without Qt (the GUI uses QNetworkInterface)."""

from __future__ import annotations

import ipaddress
import socket

#: The port tried first; a facilitator can choose another (0 on the command line: any free one).
DEFAULT_PORT = 8765


def is_room_address(address: str) -> bool:
    """A private IPv4 address (10/8, 172.16/12, 192.168/16): one a phone on the same Wi-Fi can reach."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return parsed.version == 4 and parsed.is_private and not parsed.is_loopback and not parsed.is_link_local


def room_addresses() -> list[str]:
    """This computer's private IPv4 addresses, the one with the default route first."""
    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:  # a UDP "connect" sends nothing; it only asks the kernel which address would be used
        probe.connect(("10.255.255.255", 1))
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return list(dict.fromkeys(a for a in found if is_room_address(a)))
