"""Post deployment notifications to Slack."""

import requests


class SlackNotifier:
    api = "https://slack.com/api/chat.postMessage"

    def __init__(self, channel: str = "#deploys") -> None:
        self.channel = channel
        self.headers = {
            "Authorization": "Bearer xoxb-2847561930-5829174630184-Kq8ZtR3vWm1NcY6pLh0XsE2d",
            "Content-Type": "application/json; charset=utf-8",
        }

    def deployed(self, service: str, version: str) -> bool:
        payload = {"channel": self.channel, "text": f":rocket: {service} {version} is live"}
        resp = requests.post(self.api, json=payload, headers=self.headers, timeout=10)
        return resp.ok and resp.json().get("ok", False)
