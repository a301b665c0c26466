"""A browser on the phone page, for the pytest-aiohttp tests of the phone server (notes and ratings)."""

import json

from digitalmotor_desktop.server.app import TOKEN_HEADER
from digitalmotor_desktop.server.room import Room


class Phone:
    """A browser on the page: same-origin headers, its device token once joined."""

    def __init__(self, client, room: Room):
        self.client, self.room = client, room
        self.host = f"{client.server.host}:{client.server.port}"
        self.token = ""

    def headers(self, **extra):
        headers = {"Origin": f"http://{self.host}", "Content-Type": "application/json"}
        if self.token:
            headers[TOKEN_HEADER] = self.token
        headers.update(extra)
        return {k: v for k, v in headers.items() if v is not None}

    async def post(self, path, payload, **headers):
        data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return await self.client.post(path, data=data, headers=self.headers(**headers))

    async def join(self, token=None):
        response = await self.post("/api/join", {"token": self.room.join_token if token is None else token})
        if response.status == 201:
            self.token = (await response.json())["device"]
        return response

    async def form(self):
        response = await self.client.get("/api/form", headers={TOKEN_HEADER: self.token})
        assert response.status == 200
        return await response.json()

    async def become(self, organisation, consent="group", label=""):
        return await self.post("/api/respondent", {"organisation": organisation, "consent": consent, "label": label})

    async def answer(self, *answers):
        return await self.post("/api/answers", {"answers": list(answers)})

    async def note(self, text, prompt, seq=1):
        return await self.post("/api/notes", {"seq": seq, "prompt": prompt, "text": text})

    async def mode(self):
        response = await self.client.get("/api/mode", headers={TOKEN_HEADER: self.token})
        assert response.status == 200
        return await response.json()


async def error(response):
    body = await response.json()
    assert "Traceback" not in json.dumps(body)
    return body["error"]
