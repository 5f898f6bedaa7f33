"""A real S3-compatible server (moto's server mode) on 127.0.0.1 (frames to store in it:
:func:`tests.conftest.sample_frames`)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

ACCESS_KEY = "AKIAVOXYSTEST"
SECRET_KEY = "voxys-test-secret-key-do-not-print"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The endpoint URL of a moto server started for this test session."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The standard AWS variables pointing at the server, set in ``os.environ``."""
    env = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": s3_endpoint,
    }
    for name in ("AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def s3_client(s3_env: dict[str, str]) -> object:
    """A boto3 client on the server, to create buckets and look at objects directly."""
    return boto3.client("s3", endpoint_url=s3_env["AWS_ENDPOINT_URL"], region_name="us-east-1")


@pytest.fixture
def bucket(s3_client: object) -> str:
    """A new empty bucket for one test."""
    name = f"voxys-{secrets.token_hex(4)}"
    s3_client.create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return name


def object_keys(s3_client: object, bucket: str) -> list[str]:
    """Every key in ``bucket`` but directory markers (``prefix/``, left by pyarrow), sorted."""
    pages = s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket)  # type: ignore[attr-defined]
    keys = (item["Key"] for page in pages for item in page.get("Contents", []))
    return sorted(key for key in keys if not key.endswith("/"))
