# Test cases for rules/python/deserialization.yaml (data for semgrep --test; never imported).
import base64
import json
import marshal
import pickle
import shelve
import socket

import dill
import httpx
import jsonpickle
import numpy as np
import pandas as pd
import requests
import torch
import yaml
from django.http import JsonResponse
from fastapi import FastAPI, UploadFile
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()


# --- pickle family fed from outside the process -------------------------------------------


@app.route("/session/restore", methods=["POST"])
def restore_session():
    """Restore a user's saved session object from a cookie."""
    blob = request.cookies.get("saved_session")
    # ruleid: deserialization-pickle-untrusted
    session_obj = pickle.loads(base64.b64decode(blob))
    return jsonify(session_obj)


@app.route("/upload-model", methods=["POST"])
def upload_model():
    uploaded = request.files["model"]
    # ruleid: deserialization-pickle-untrusted
    model = pickle.load(uploaded)
    return jsonify({"classes": list(model.classes_)})


@app.route("/import", methods=["POST"])
def import_data():
    raw = request.get_data()
    # ruleid: deserialization-pickle-untrusted
    obj = dill.loads(raw)
    return jsonify(obj)


@app.route("/prefs", methods=["POST"])
def save_prefs():
    # ruleid: deserialization-pickle-untrusted
    prefs = jsonpickle.decode(request.form["prefs"])
    return jsonify(prefs.__dict__)


@app.route("/dataframe", methods=["POST"])
def dataframe_summary():
    # ruleid: deserialization-pickle-untrusted
    frame = pd.read_pickle(request.files["frame"])
    return frame.describe().to_json()


@app.route("/notes/<user>")
def open_notes(user):
    db_name = request.args.get("db", "notes")
    # ruleid: deserialization-pickle-untrusted
    with shelve.open(db_name) as db:
        return jsonify(db.get(user, []))


def django_cart_view(request):
    payload = request.body
    # ruleid: deserialization-pickle-untrusted
    cart = marshal.loads(payload)
    return JsonResponse({"items": cart})


@api.post("/predict")
async def predict(file: UploadFile):
    contents = await file.read()
    # ruleid: deserialization-pickle-untrusted
    model = pickle.loads(contents)
    return {"ok": model is not None}


def fetch_remote_model(url):
    response = requests.get(url, timeout=10)
    # ruleid: deserialization-pickle-untrusted
    return pickle.loads(response.content)


def serve_worker(conn: socket.socket):
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        # ruleid: deserialization-pickle-untrusted
        task = pickle.loads(chunk)
        task.run()


# Safe look-alikes: data-only formats for untrusted input, pickle for our own bytes.


@app.route("/session/restore-json", methods=["POST"])
def restore_session_json():
    blob = request.cookies.get("saved_session")
    # ok: deserialization-pickle-untrusted
    session_obj = json.loads(base64.b64decode(blob))
    return jsonify(session_obj)


@app.route("/export")
def export_data():
    data = {"user": request.args.get("user")}
    # ok: deserialization-pickle-untrusted
    blob = pickle.dumps(data)
    return base64.b64encode(blob)


def load_cached_vocabulary():
    with open("cache/vocab.pkl", "rb") as fh:
        # ok: deserialization-pickle-untrusted
        return pickle.load(fh)


def load_local_frame(path="artifacts/train.pkl"):
    # ok: deserialization-pickle-untrusted
    return pd.read_pickle(path)


def fetch_remote_config(url):
    response = requests.get(url, timeout=10)
    # ok: deserialization-pickle-untrusted
    return json.loads(response.content)


def round_trip_of_a_built_request():
    # httpx.Request / requests.Request build a request object here; nothing came off the wire
    req = httpx.Request("POST", "http://example.org", json={"test": 123})
    # ok: deserialization-pickle-untrusted
    copy = pickle.loads(pickle.dumps(req))
    sent = requests.Request("GET", "http://example.org").prepare()
    # ok: deserialization-pickle-untrusted
    return copy, pickle.loads(pickle.dumps(sent))


def round_trip_of_a_response(url):
    response = httpx.get(url)
    # ok: deserialization-pickle-untrusted
    return pickle.loads(pickle.dumps(response))


def fetch_remote_model_httpx(url):
    with httpx.stream("GET", url) as response:
        # ruleid: deserialization-pickle-untrusted
        return pickle.loads(response.read())


def copy_to_worker(conn: socket.socket, task):
    # ok: deserialization-pickle-untrusted
    conn.sendall(pickle.dumps(task))


@app.route("/import-json", methods=["POST"])
def import_json():
    # ok: deserialization-pickle-untrusted
    obj = json.loads(request.get_data())
    return jsonify(obj)


@app.route("/prefs-export", methods=["POST"])
def export_prefs():
    # ok: deserialization-pickle-untrusted
    return jsonpickle.encode(request.form.to_dict())


@app.route("/dataframe-json", methods=["POST"])
def dataframe_summary_json():
    # ok: deserialization-pickle-untrusted
    frame = pd.read_json(request.files["frame"])
    return frame.describe().to_json()


def open_local_index():
    # ok: deserialization-pickle-untrusted
    return shelve.open("/var/lib/app/index")


# --- YAML ---------------------------------------------------------------------------------


def load_settings(path):
    with open(path) as fh:
        # ruleid: deserialization-yaml-unsafe-load
        return yaml.load(fh, Loader=yaml.Loader)


def parse_manifest(text):
    # ruleid: deserialization-yaml-unsafe-load
    return yaml.unsafe_load(text)


def parse_legacy(text):
    # ruleid: deserialization-yaml-unsafe-load
    return yaml.load(text)


def parse_fast(text):
    # ruleid: deserialization-yaml-unsafe-load
    return yaml.load(text, yaml.CLoader)


def parse_all(text):
    # ruleid: deserialization-yaml-unsafe-load
    return list(yaml.load_all(text, Loader=yaml.UnsafeLoader))


@app.route("/config", methods=["POST"])
def upload_config():
    # ruleid: deserialization-yaml-full-loader
    config = yaml.load(request.data, Loader=yaml.FullLoader)
    return jsonify(config)


def parse_pipeline(text):
    # ruleid: deserialization-yaml-full-loader
    return yaml.full_load(text)


def load_settings_safely(path):
    with open(path) as fh:
        # ok: deserialization-yaml-unsafe-load
        return yaml.safe_load(fh)


def parse_manifest_safely(text):
    # ok: deserialization-yaml-unsafe-load
    return yaml.load(text, Loader=yaml.SafeLoader)


def parse_fast_safely(text):
    # ok: deserialization-yaml-unsafe-load
    return yaml.load(text, yaml.CSafeLoader)


def parse_all_safely(text):
    # ok: deserialization-yaml-unsafe-load
    return list(yaml.safe_load_all(text))


@app.route("/config-safe", methods=["POST"])
def upload_config_safely():
    # ok: deserialization-yaml-full-loader
    config = yaml.safe_load(request.data)
    return jsonify(config)


def load_with_ruamel(path):
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    with open(path) as fh:
        # ok: deserialization-yaml-unsafe-load
        return yaml.load(fh)


def dump_pipeline(pipeline):
    # ok: deserialization-yaml-full-loader
    return yaml.safe_dump(pipeline)


# --- numpy and torch ----------------------------------------------------------------------


def load_embeddings(path):
    # ruleid: deserialization-numpy-allow-pickle
    return np.load(path, allow_pickle=True)


def load_features(path):
    # ruleid: deserialization-numpy-allow-pickle
    archive = np.load(path, mmap_mode="r", allow_pickle=True)
    return archive["features"]


def load_embeddings_safely(path):
    # ok: deserialization-numpy-allow-pickle
    return np.load(path)


def load_features_safely(path):
    # ok: deserialization-numpy-allow-pickle
    return np.load(path, allow_pickle=False)


def load_checkpoint(path):
    # ruleid: deserialization-torch-load-weights-only-false
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    return checkpoint["model_state"]


def resume_training(url):
    local = download(url)
    # ruleid: deserialization-torch-load-weights-only-false
    return torch.load(local, weights_only=False)


def load_pretrained(path):
    # ruleid: deserialization-torch-load-implicit
    state = torch.load(path, map_location="cpu")
    return state


def load_hub_model(repo_file):
    # ruleid: deserialization-torch-load-implicit
    return torch.load(repo_file)


def load_checkpoint_safely(path):
    # ok: deserialization-torch-load-weights-only-false
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    return checkpoint["model_state"]


def load_pretrained_safely(path):
    # ok: deserialization-torch-load-implicit
    return torch.load(path, weights_only=True)


def save_checkpoint(model, path):
    # ok: deserialization-torch-load-implicit
    torch.save(model.state_dict(), path)


# --- socketserver input, uploads saved to disk, pinned digests ------------------------------
import hashlib  # noqa: E402
import socketserver  # noqa: E402


class SpecHandler(socketserver.StreamRequestHandler):
    def handle(self):
        # ruleid: deserialization-pickle-untrusted
        spec = marshal.loads(self.rfile.read(1024))
        self.wfile.write(repr(spec).encode())


@app.route("/restore", methods=["POST"])
def restore_state():
    upload = request.files["state"]
    # ruleid: deserialization-pickle-untrusted
    upload.save("/srv/state/incoming.db")
    with shelve.open("/srv/state/incoming.db") as db:
        return dict(db)


@app.route("/restore-json", methods=["POST"])
def restore_state_json():
    upload = request.files["state"]
    # ok: deserialization-pickle-untrusted
    upload.save("/srv/state/incoming.json")
    with open("/srv/state/incoming.json") as fh:
        return json.load(fh)


PINNED = {"v1": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}


def load_pinned_artifact(name):
    resp = requests.get("https://artifacts.internal/" + name, timeout=10)
    if hashlib.sha256(resp.content).hexdigest() != PINNED[name]:
        raise ValueError("digest mismatch")
    # ok: deserialization-pickle-untrusted
    return pickle.loads(resp.content)


def load_md5_checked_artifact(name, want):
    resp = requests.get("https://artifacts.internal/" + name, timeout=10)
    if hashlib.md5(resp.content).hexdigest() != want:
        raise ValueError("digest mismatch")
    # ruleid: deserialization-pickle-untrusted
    return pickle.loads(resp.content)
