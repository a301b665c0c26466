"""Phones in the room: a small web server on the room's own network (no Qt, no SQL).

``app.init(document, …)`` builds the aiohttp application; ``room.Room`` holds
who may join and which devices have (in memory only: nothing about a phone is
stored in the document). Answers go through the same ops as keyboard capture.
"""
