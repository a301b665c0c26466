"""Let phones join: the phone server on the GUI's own asyncio loop, its QR code and the facilitator's panel."""
