"""Post deployment notifications to Slack."""

import os

import requests

TOKEN_ENV = "SLACK_BOT_TOKEN"


class SlackNotifier:
    api = "https://slack.com/api/chat.postMessage"

    def __init__(self, channel: str = "#deploys") -> None:
        self.channel = channel
        self.headers = {
            "Authorization": f"Bearer {os.environ[TOKEN_ENV]}",
            "Content-Type": "application/json; charset=utf-8",
        }

    def deployed(self, service: str, version: str) -> bool:
        payload = {"channel": self.channel, "text": f":rocket: {service} {version} is live"}
        resp = requests.post(self.api, json=payload, headers=self.headers, timeout=10)
        return resp.ok and resp.json().get("ok", False)
