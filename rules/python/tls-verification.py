# Test cases for rules/python/tls-verification.yaml (data for semgrep --test; never imported).
import socket
import ssl
import urllib.request
import warnings

import aiohttp
import httpx
import requests
import urllib3

INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"

# --- HTTP clients -------------------------------------------------------------------------


def fetch_inventory(base_url, token):
    # ruleid: tls-verification-disabled
    resp = requests.get(f"{base_url}/inventory", headers={"Authorization": token}, verify=False)
    return resp.json()


def post_metrics(url, payload):
    # ruleid: tls-verification-disabled
    return requests.post(url, json=payload, timeout=5, verify=False)


def make_session():
    session = requests.Session()
    # ruleid: tls-verification-disabled
    session.verify = False
    return session


def call_partner_api(session: requests.Session, url):
    # ruleid: tls-verification-disabled
    return session.get(url, timeout=10, verify=False)


def httpx_client():
    # ruleid: tls-verification-disabled
    return httpx.Client(base_url="https://billing.internal", verify=False)


async def fetch_async(url):
    # ruleid: tls-verification-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as client:
        async with client.get(url) as resp:
            return await resp.text()


async def fetch_async_per_request(client: aiohttp.ClientSession, url):
    # ruleid: tls-verification-disabled
    async with client.get(url, ssl=False) as resp:
        return await resp.json()


def fetch_inventory_safely(base_url, token):
    # ok: tls-verification-disabled
    resp = requests.get(f"{base_url}/inventory", headers={"Authorization": token}, timeout=10)
    return resp.json()


def post_metrics_internal_ca(url, payload):
    # ok: tls-verification-disabled
    return requests.post(url, json=payload, timeout=5, verify=INTERNAL_CA)


def make_session_safely():
    session = requests.Session()
    # ok: tls-verification-disabled
    session.verify = INTERNAL_CA
    return session


def httpx_client_safely():
    # ok: tls-verification-disabled
    return httpx.Client(base_url="https://billing.internal", verify=True)


def build_cli_args(args):
    # ok: tls-verification-disabled
    args.verify = False
    return args


def decode_legacy(jwt, token, key):
    # ok: tls-verification-disabled
    return jwt.decode(token, key, verify=False)


def upload_report(storage, path):
    # ok: tls-verification-disabled
    return storage.put(path, overwrite=True, verify=True)


# --- ssl module ---------------------------------------------------------------------------


def open_legacy_feed(url):
    # ruleid: tls-verification-unverified-context
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx).read()


# ruleid: tls-verification-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context


def insecure_client_socket(host, port):
    ctx = ssl.create_default_context()
    # ruleid: tls-verification-hostname-check-disabled
    ctx.check_hostname = False
    # ruleid: tls-verification-unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    sock = socket.create_connection((host, port))
    return ctx.wrap_socket(sock, server_hostname=host)


def smtp_context():
    context = ssl.create_default_context(cafile=INTERNAL_CA)
    # ruleid: tls-verification-hostname-check-disabled
    context.check_hostname = False
    return context


def insecure_pool():
    # ruleid: tls-verification-disabled
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


def open_feed_safely(url):
    # ok: tls-verification-unverified-context
    ctx = ssl.create_default_context(cafile=INTERNAL_CA)
    return urllib.request.urlopen(url, context=ctx).read()


def client_socket_safely(host, port):
    ctx = ssl.create_default_context()
    # ok: tls-verification-hostname-check-disabled
    ctx.check_hostname = True
    # ok: tls-verification-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    sock = socket.create_connection((host, port))
    return ctx.wrap_socket(sock, server_hostname=host)


def mutual_tls_server(cert, key, client_ca):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=client_ca)
    ctx.load_cert_chain(cert, key)
    # ok: tls-verification-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def secure_pool():
    # ok: tls-verification-disabled
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=INTERNAL_CA)


# --- silenced warnings --------------------------------------------------------------------

# ruleid: tls-verification-warnings-disabled
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

# ruleid: tls-verification-warnings-disabled
requests.packages.urllib3.disable_warnings()

# ok: tls-verification-warnings-disabled
warnings.filterwarnings("ignore", category=DeprecationWarning)

# ok: tls-verification-warnings-disabled
urllib3.util.retry.Retry(total=3)
