"""Who may join, and the devices that did: kept in memory, never in the document.

A join token (≥128 random bits) travels in the QR code's URL fragment, so it is
never sent in a Referer or written to a log; the page exchanges it once for a
device token. The facilitator can close joining or rotate the join token:
devices that already joined keep their tokens. Per-organisation codes are an
alternative for rooms where the facilitator hands out codes on paper.

Nothing here is stored: a phone's address is only used to rate-limit it, and
a device knows its respondent, its organisation and the sequence numbers it has
sent (for applying every answer and note exactly once).

The room is in one of two modes: phones rate (stage 4), or phones write notes
under the current question of a board (stages 1–2, ``NotesOffer``). Notes
arrive hidden and carry nothing of the phone that sent them; the room counts
them, and that count is all anyone else learns.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import secrets
import time

#: Random bytes in a join or device token: 256 bits, well above the 128 the design asks for.
TOKEN_BYTES = 32
#: Characters of a per-organisation code, from an alphabet without look-alikes (0/O, 1/I/L): 8 × 5 = 40 bits,
#: guessed at most a few times a minute per address (``JOIN_LIMIT``).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def _key(token: str) -> str:
    """Tokens are looked up by their hash, so no lookup compares a secret character by character."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclasses.dataclass(frozen=True)
class NotesOffer:
    """Phones write notes on the board of ``stage`` (1 or 2), under ``prompt_id`` (the facilitator's current)."""

    stage: int
    prompt_id: str | None = None


@dataclasses.dataclass
class Device:
    """One phone that joined: one respondent once it has chosen its organisation."""

    organisation_id: str = ""  # fixed by an organisation's code, else chosen on the phone
    respondent_id: str = ""
    #: (capability id) → the highest client sequence number applied; lower or equal ones are replays.
    applied: dict[str, int] = dataclasses.field(default_factory=dict)
    #: The highest sequence number of a note applied; lower or equal ones are replays.
    notes_applied: int = -1
    #: Held while one of its requests writes: its requests are applied one after another.
    busy: asyncio.Lock = dataclasses.field(default_factory=asyncio.Lock, repr=False, compare=False)


@dataclasses.dataclass
class TokenBucket:
    """``rate`` requests a second on average, ``burst`` at once."""

    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = 0.0

    def take(self, now: float) -> bool:
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclasses.dataclass(frozen=True)
class Limits:
    """Requests per second (average, burst) a device and an address may make; joins per address."""

    device: tuple[float, float] = (4.0, 40.0)
    address: tuple[float, float] = (8.0, 80.0)
    join: tuple[float, float] = (0.1, 6.0)  # one attempt every 10 s after six: codes cannot be guessed


class RateLimiter:
    """Token buckets by key; a key idle for a while is forgotten (so is the address)."""

    FORGET_AFTER = 600.0

    def __init__(self, rate: float, burst: float, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.buckets: dict[str, TokenBucket] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        if len(self.buckets) > 10_000:  # a flood of addresses cannot grow memory without end
            self.buckets = {k: b for k, b in self.buckets.items() if now - b.stamp < self.FORGET_AFTER}
        bucket = self.buckets.setdefault(key, TokenBucket(self.rate, self.burst))
        return bucket.take(now)


class Room:
    """The joining state of one workshop's phone session."""

    def __init__(self, limits: Limits = Limits(), clock=time.monotonic):
        self.join_token = secrets.token_urlsafe(TOKEN_BYTES)
        self.joining_open = True
        self.notes: NotesOffer | None = None  # None: phones rate
        self.notes_received = 0
        self.devices: dict[str, Device] = {}  # hash of device token → device
        self.codes: dict[str, str] = {}  # hash of organisation code → organisation id
        self.limits = limits
        self.by_device = RateLimiter(*limits.device, clock=clock)
        self.by_address = RateLimiter(*limits.address, clock=clock)
        self.joins = RateLimiter(*limits.join, clock=clock)

    def rotate(self) -> str:
        """A new join token: the old QR code no longer joins anyone."""
        self.join_token = secrets.token_urlsafe(TOKEN_BYTES)
        return self.join_token

    def organisation_codes(self, organisation_ids: list[str]) -> dict[str, str]:
        """New codes, one per organisation (earlier codes stop working)."""
        codes = {o: "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for o in organisation_ids}
        self.codes = {_key(code): organisation for organisation, code in codes.items()}
        return codes

    def join(self, token: str = "", code: str = "") -> str | None:
        """A new device token for a valid join token or organisation code, else ``None``."""
        if not self.joining_open:
            return None
        organisation_id = ""
        if code:
            organisation_id = self.codes.get(_key(code.strip().upper()), "")
            if not organisation_id:
                return None
        elif not hmac.compare_digest(token.encode("utf-8", "replace"), self.join_token.encode()):
            return None
        device_token = secrets.token_urlsafe(TOKEN_BYTES)
        self.devices[_key(device_token)] = Device(organisation_id=organisation_id)
        return device_token

    def device(self, token: str) -> Device | None:
        return self.devices.get(_key(token)) if token else None
