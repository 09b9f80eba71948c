"""Model registry endpoint: customers upload fine-tuned checkpoints for evaluation."""

import uuid
from pathlib import Path

import torch
from flask import Flask, jsonify, request

app = Flask(__name__)
MODELS = Path("/srv/models")


class CheckpointStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def save_and_inspect(self, blob: bytes) -> dict:
        path = self.root / f"{uuid.uuid4().hex}.pt"
        path.write_bytes(blob)
        checkpoint = torch.load(path, map_location="cpu")
        return {"id": path.stem, "keys": list(checkpoint.keys())[:20]}


store = CheckpointStore(MODELS)


@app.post("/checkpoints")
def upload_checkpoint():
    return jsonify(store.save_and_inspect(request.files["checkpoint"].read()))
