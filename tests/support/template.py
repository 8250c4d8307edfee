"""Read template.yaml (CloudFormation short forms included), so tests build what the template declares."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class CfnLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no type hints
    """A YAML loader that reads CloudFormation short forms (!Ref, !GetAtt, !Sub ...) as long forms."""


def _intrinsic(loader: CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _intrinsic)


@cache
def load_template() -> dict[str, Any]:
    return yaml.load((ROOT / "template.yaml").read_text(encoding="utf-8"), Loader=CfnLoader)


def create_site_bucket(s3: Any, name: str) -> None:
    """A bucket configured like the template's SiteBucket (versioning, encryption, public access block)."""
    props = load_template()["Resources"]["SiteBucket"]["Properties"]
    encryption = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=props["VersioningConfiguration"])
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={"Rules": [_api_rule(r) for r in encryption]},
    )
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])


def _api_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's ServerSideEncryptionByDefault is the API's ApplyServerSideEncryptionByDefault."""
    return {"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}


def response_headers() -> dict[str, str]:
    """The HTTP headers the template's response headers policy makes CloudFront add to every response."""
    config = load_template()["Resources"]["SiteHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    headers = {}
    for name, setting in config["SecurityHeadersConfig"].items():
        if name not in _SECURITY_HEADERS:
            raise ValueError(f"tests/support/template.py cannot serve {name} yet: add it to _SECURITY_HEADERS")
        header, value = _SECURITY_HEADERS[name](setting)
        headers[header] = value
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = item["Value"]
    return headers


def _hsts(setting: dict[str, Any]) -> tuple[str, str]:
    value = f"max-age={setting['AccessControlMaxAgeSec']}"
    value += "; includeSubDomains" if setting.get("IncludeSubdomains") else ""
    value += "; preload" if setting.get("Preload") else ""
    return "Strict-Transport-Security", value


def _xss(setting: dict[str, Any]) -> tuple[str, str]:
    if not setting["Protection"]:
        return "X-XSS-Protection", "0"
    value = "1; mode=block" if setting.get("ModeBlock") else "1"
    return "X-XSS-Protection", value + (f"; report={setting['ReportUri']}" if setting.get("ReportUri") else "")


# CloudFormation's SecurityHeadersConfig entries -> (header, value), as CloudFront sends them.
_SECURITY_HEADERS = {
    "ContentSecurityPolicy": lambda s: ("Content-Security-Policy", s["ContentSecurityPolicy"]),
    "ContentTypeOptions": lambda s: ("X-Content-Type-Options", "nosniff"),
    "FrameOptions": lambda s: ("X-Frame-Options", s["FrameOption"]),
    "ReferrerPolicy": lambda s: ("Referrer-Policy", s["ReferrerPolicy"]),
    "StrictTransportSecurity": _hsts,
    "XSSProtection": _xss,
}
