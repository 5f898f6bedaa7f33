"""Storage URLs and the AWS environment variables, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from voxys_frames.exceptions import ConfigurationError, SnapshotError
from voxys_frames.snapshot.storage import S3Settings, Storage, is_url

KEYS = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "very-secret-value"}


def test_region_and_endpoint_fall_back_in_the_documented_order() -> None:
    settings = S3Settings.from_environ(
        {
            **KEYS,
            "AWS_DEFAULT_REGION": "eu-central-1",
            "AWS_ENDPOINT_URL": "http://general:1",
            "AWS_ENDPOINT_URL_S3": "https://s3-only:2",
        }
    )
    assert settings.region == "eu-central-1"
    assert settings.endpoint_url == "https://s3-only:2"
    options = settings.storage_options()
    assert options["aws_endpoint_url"] == "https://s3-only:2"
    assert "aws_allow_http" not in options  # https needs no permission
    both = S3Settings.from_environ({"AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "eu-west-1"})
    assert both.region == "us-west-2"


def test_without_keys_the_default_chain_is_left_to_the_libraries() -> None:
    settings = S3Settings.from_environ({})
    assert settings.storage_options() == {}
    assert settings == S3Settings()


def test_half_a_key_pair_and_bad_endpoints_are_errors() -> None:
    with pytest.raises(ConfigurationError, match="AWS_ACCESS_KEY_ID is set but AWS_SECRET"):
        S3Settings.from_environ({"AWS_ACCESS_KEY_ID": "AKIA"})
    with pytest.raises(ConfigurationError, match="AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS"):
        S3Settings.from_environ({"AWS_SECRET_ACCESS_KEY": "s"})
    with pytest.raises(ConfigurationError, match="must look like http"):
        S3Settings.from_environ({"AWS_ENDPOINT_URL": "127.0.0.1:9000"})


def test_secrets_stay_out_of_reprs() -> None:
    settings = S3Settings.from_environ({**KEYS, "AWS_SESSION_TOKEN": "session-secret"})
    assert "very-secret-value" not in repr(settings)
    assert "session-secret" not in repr(settings)
    storage = Storage.open("s3://bucket/prefix", environ=KEYS)
    assert repr(storage) == "Storage('s3://bucket/prefix')"


def test_urls_and_local_paths() -> None:
    assert is_url("s3://b/p") and not is_url("file:///tmp/x") and not is_url(Path("s3:/b"))
    assert Storage.open("file:///tmp/snaps").url == "/tmp/snaps"
    assert Storage.open("s3://bucket//a/./b/", environ=KEYS).url == "s3://bucket/a/b"
    with pytest.raises(ConfigurationError, match=r"unsupported storage gs://"):
        Storage.open("gs://bucket/prefix")
    with pytest.raises(ConfigurationError, match="no bucket"):
        Storage.open("s3://", environ=KEYS)


def test_relative_paths_cannot_leave_the_bucket() -> None:
    storage = Storage.open("s3://bucket/prefix", environ=KEYS)
    assert storage.uri("a/../b.parquet") == "s3://bucket/prefix/b.parquet"
    assert storage.uri("../other/x") == "s3://bucket/other/x"
    with pytest.raises(SnapshotError, match="leaves the bucket"):
        storage.uri("../../elsewhere/x")
