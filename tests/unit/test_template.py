"""What template.yaml and samconfig.toml promise: the properties a deploy relies on, checked statically.

sam validate, cfn-lint and checkov (`make infra`) check that the template is valid and safe;
these tests pin the project's own decisions so that an edit cannot drop one silently.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.template import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "functions" / "publisher" / "daily_papers" / "templates"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
THUMBNAILS = "https://cdn-thumbnails.huggingface.co"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


@pytest.fixture(scope="module")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return template["Resources"]


def props(resources: dict[str, Any], name: str) -> dict[str, Any]:
    return resources[name]["Properties"]


def statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements, a conditional one (Fn::If with AWS::NoValue) as it is when its condition holds."""
    found = policy["PolicyDocument"]["Statement"]
    return [s["Fn::If"][1] if "Fn::If" in s else s for s in found]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ------------------------------------------------------------------ the CloudFront Function


def test_cloudfront_function_code_is_the_file_byte_for_byte(resources: dict[str, Any]) -> None:
    source = (ROOT / "cloudfront" / "rewrite.js").read_text(encoding="utf-8")
    inline = props(resources, "RewriteFunction")["FunctionCode"]
    assert inline == source, (
        "template.yaml's RewriteFunction.FunctionCode differs from cloudfront/rewrite.js: "
        "paste the file into the template (indented under FunctionCode: |)"
    )


def test_cloudfront_function_runs_on_viewer_request(resources: dict[str, Any]) -> None:
    function = props(resources, "RewriteFunction")
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert function["AutoPublish"] is True
    behavior = props(resources, "SiteDistribution")["DistributionConfig"]["DefaultCacheBehavior"]
    assert behavior["FunctionAssociations"] == [
        {
            "EventType": "viewer-request",
            "FunctionARN": {"Fn::GetAtt": ["RewriteFunction", "FunctionMetadata.FunctionARN"]},
        }
    ]


# ------------------------------------------------------------------ bucket and CDN


def test_bucket_is_private_encrypted_versioned_and_retained(resources: dict[str, Any]) -> None:
    bucket = resources["SiteBucket"]
    assert bucket["DeletionPolicy"] == "Retain"
    assert bucket["UpdateReplacePolicy"] == "Retain"
    p = bucket["Properties"]
    assert all(p["PublicAccessBlockConfiguration"].values())
    assert len(p["PublicAccessBlockConfiguration"]) == 4
    assert p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert p["VersioningConfiguration"]["Status"] == "Enabled"


def test_bucket_policy_denies_plain_http_and_reads_only_from_this_distribution(
    resources: dict[str, Any],
) -> None:
    policy = props(resources, "SiteBucketPolicy")
    by_sid = {s["Sid"]: s for s in statements(policy)}
    deny = by_sid["DenyInsecureTransport"]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert len(as_list(deny["Resource"])) == 2  # the bucket and its objects
    read = by_sid["AllowCloudFrontRead"]
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert as_list(read["Action"]) == ["s3:GetObject"]
    source_arn = read["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert source_arn.endswith(":distribution/${SiteDistribution}")


def test_distribution_serves_the_private_bucket_over_https(resources: dict[str, Any]) -> None:
    config = props(resources, "SiteDistribution")["DistributionConfig"]
    (origin,) = config["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert config["DefaultRootObject"] == "index.html"
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["Compress"] is True
    assert behavior["CachePolicyId"] == CACHING_OPTIMIZED
    errors = {e["ErrorCode"]: e for e in config["CustomErrorResponses"]}
    assert set(errors) == {403, 404}
    for error in errors.values():
        assert (error["ResponseCode"], error["ResponsePagePath"]) == (404, "/404.html")
    oac = props(resources, "SiteOriginAccessControl")["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"]) == ("s3", "always")


# ------------------------------------------------------------------ response headers


def security_headers(resources: dict[str, Any]) -> dict[str, Any]:
    return props(resources, "SiteHeadersPolicy")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]


def csp(resources: dict[str, Any]) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: sources}."""
    directives: dict[str, list[str]] = {}
    for part in security_headers(resources)["ContentSecurityPolicy"]["ContentSecurityPolicy"].split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def test_distribution_sends_the_sites_own_response_headers(resources: dict[str, Any]) -> None:
    behavior = props(resources, "SiteDistribution")["DistributionConfig"]["DefaultCacheBehavior"]
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": "SiteHeadersPolicy"}


def test_the_managed_security_headers_are_kept_and_override_the_origin(resources: dict[str, Any]) -> None:
    headers = security_headers(resources)
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    assert headers["XSSProtection"]["Protection"] is headers["XSSProtection"]["ModeBlock"] is True
    assert "ContentTypeOptions" in headers  # nosniff
    assert all(setting["Override"] is True for setting in headers.values())


def test_the_content_security_policy_allows_the_site_and_the_thumbnails_only(resources: dict[str, Any]) -> None:
    directives = csp(resources)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]  # the search form submits to the site only
    assert directives["img-src"] == ["'self'", THUMBNAILS]
    sources = [source for values in directives.values() for source in values]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(sources)


def thumbnails(value: Any) -> list[str]:
    """Every `thumbnail` URL in a fixture, however deep."""
    if isinstance(value, dict):
        found = [value["thumbnail"]] if isinstance(value.get("thumbnail"), str) else []
        return found + [url for v in value.values() for url in thumbnails(v)]
    if isinstance(value, list):
        return [url for v in value for url in thumbnails(v)]
    return []


def test_img_src_allows_the_host_of_every_thumbnail_the_api_sends(resources: dict[str, Any]) -> None:
    fixtures = ("daily_papers_2026-02-09.json", "hf_api_samples.json")
    urls = [u for f in fixtures for u in thumbnails(json.loads((ROOT / "tests" / "fixtures" / f).read_text()))]
    assert len(urls) >= 10
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls}
    assert origins <= set(csp(resources)["img-src"]), origins


# What `script-src 'self'` and `default-src 'self'` (no style-src) refuse in a page.
JSON_BLOCK = re.compile(r"""\btype=["']application/(?:ld\+)?json["']""")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TAG = re.compile(r"<[a-z][^>]*>", re.I)
BLOCKED_ATTRIBUTE = re.compile(r"\s(on[a-z]+|style)\s*=", re.I)


def what_the_csp_blocks(html: str) -> list[str]:
    found = []
    for script in SCRIPT.finditer(html):  # a JSON data block is never executed
        attributes, code = script.groups()
        if not JSON_BLOCK.search(attributes) and (code.strip() or "src=" not in attributes):
            found.append(f"inline script: {script.group(0)[:60]}")
    found += ["<style> block" for _ in re.finditer(r"<style\b", html, re.I)]
    found += [f"{m.group(1)}= attribute" for tag in TAG.findall(html) for m in BLOCKED_ATTRIBUTE.finditer(tag)]
    found += ["javascript: URL" for _ in re.finditer(r"javascript:", html, re.I)]
    return found


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="a.js">alert(1)</script>',
        "<style>p { color: red }</style>",
        '<p style="color: red">',
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">',
        '<details{% if x %} onToggle="go()"{% endif %}>',
    ],
)
def test_the_template_scan_finds_what_the_csp_would_block(html: str) -> None:
    assert what_the_csp_blocks(html)


def test_no_page_template_has_what_the_csp_would_block() -> None:
    pages = sorted(TEMPLATES.glob("*.html"))
    assert len(pages) >= 10
    found = {page.name: what_the_csp_blocks(page.read_text(encoding="utf-8")) for page in pages}
    assert {name: blocked for name, blocked in found.items() if blocked} == {}
    scripts = (TEMPLATES / "_script.html").read_text(encoding="utf-8")
    assert not what_the_csp_blocks(scripts) and 'type="application/json"' in scripts and " src=" in scripts


def test_the_browser_script_writes_text_never_markup() -> None:
    code = (TEMPLATES / "site.js").read_text(encoding="utf-8")
    sinks = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "javascript:")
    assert [s for s in sinks if s in code] == []
    assert not re.search(r"""setAttribute\(\s*["'](on|style)|\bstyle\s*:""", code)


# ------------------------------------------------------------------ the function


def test_function_environment_keeps_every_name_and_adds_the_new_ones(resources: dict[str, Any]) -> None:
    env = props(resources, "PublisherFunction")["Environment"]["Variables"]
    assert set(env) >= {
        "SITE_BUCKET",
        "HF_API_BASE",
        "SITE_LANGUAGE",
        "SITE_TIMEZONE",
        "TOP_N",
        "DIGEST_TOP_N",
        "SITE_AUTHOR",
        "SITE_BASE_URL",
        "SITE_TITLE",
        "REFRESH_DAYS",
        "DISTRIBUTION_ID",
    }
    assert env["DISTRIBUTION_ID"] == {"Ref": "SiteDistribution"}
    assert env["SITE_BASE_URL"]["Fn::If"][0] == "HasSiteBaseUrl"


def test_globals_configure_powertools_and_tracing(template: dict[str, Any]) -> None:
    function = template["Globals"]["Function"]
    assert function["Tracing"] == "Active"
    env = function["Environment"]["Variables"]
    assert env["POWERTOOLS_SERVICE_NAME"] == "daily-papers"
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == "DailyPapers"
    assert "POWERTOOLS_LOG_LEVEL" in env
    # The X-Ray SDK only when TraceCalls=true (docs/performance.md#cold-start); Lambda's own tracing always.
    assert template["Parameters"]["TraceCalls"]["Default"] == "false"
    assert template["Conditions"]["TracesCalls"] == {"Fn::Equals": [{"Ref": "TraceCalls"}, "true"]}
    assert env["POWERTOOLS_TRACE_DISABLED"] == {"Fn::If": ["TracesCalls", "false", "true"]}


def test_architecture_parameter_and_layer_build_are_kept(template: dict[str, Any], resources: dict[str, Any]) -> None:
    architecture = template["Parameters"]["Architecture"]
    assert architecture["Default"] == "arm64"
    assert architecture["AllowedValues"] == ["arm64", "x86_64"]
    assert props(resources, "DepsLayer")["RetentionPolicy"] == "Delete"  # no old 19 MB versions left behind


@pytest.mark.parametrize(("resource", "code"), [("PublisherFunction", "CodeUri"), ("DepsLayer", "ContentUri")])
def test_function_and_layer_are_built_by_their_makefiles_with_bytecode(
    resources: dict[str, Any], resource: str, code: str
) -> None:
    assert resources[resource]["Metadata"]["BuildMethod"] == "makefile"
    makefile = (ROOT / props(resources, resource)[code] / "Makefile").read_text(encoding="utf-8")
    target = re.search(rf"^build-{resource}:\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert target is not None, f"no build-{resource} target"
    assert "compileall" in target[1] and "--invalidation-mode unchecked-hash" in target[1]


def test_failed_runs_are_retried_then_recorded(resources: dict[str, Any]) -> None:
    function = props(resources, "PublisherFunction")
    invoke = function["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] >= 1
    assert invoke["MaximumEventAgeInSeconds"] > 0
    assert invoke["DestinationConfig"]["OnFailure"] == {
        "Type": "SQS",
        "Destination": {"Fn::GetAtt": ["InvokeFailureQueue", "Arn"]},
    }
    schedule = function["Events"]["Daily"]
    assert schedule["Type"] == "ScheduleV2"
    p = schedule["Properties"]
    assert p["ScheduleExpression"] == {"Ref": "ScheduleExpression"}
    assert p["ScheduleExpressionTimezone"] == {"Ref": "ScheduleExpressionTimezone"}
    assert set(p["RetryPolicy"]) == {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"}
    assert p["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["ScheduleDeadLetterQueue", "Arn"]}}


def test_role_is_least_privilege(resources: dict[str, Any]) -> None:
    assert props(resources, "PublisherFunction")["Role"] == {"Fn::GetAtt": ["PublisherRole", "Arn"]}
    role = props(resources, "PublisherRole")
    assert "ManagedPolicyArns" not in role
    actions: dict[str, Any] = {}
    for policy in role["Policies"]:
        for statement in statements(policy):
            assert statement["Effect"] == "Allow"
            for action in as_list(statement["Action"]):
                assert "*" not in action, action
                actions[action] = statement["Resource"]
    # Only X-Ray, which has no resource-level permissions, gets a bare "*".
    wildcard = sorted(a for a, r in actions.items() if r == "*")
    assert wildcard == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    assert "s3:DeleteObject" not in actions
    assert actions["sqs:SendMessage"] == {"Fn::GetAtt": ["InvokeFailureQueue", "Arn"]}
    assert actions["cloudfront:CreateInvalidation"]["Fn::Sub"].endswith(":distribution/${SiteDistribution}")


def test_notifications_are_off_unless_configured_and_each_permission_is_exact(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    conditions = template["Conditions"]
    assert conditions["HasNotifyParameter"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "NotifyParameterName"}, ""]}]}
    assert conditions["HasNotifyTopic"] == {"Fn::Equals": [{"Ref": "NotifyByEmail"}, "true"]}
    assert template["Parameters"]["NotifyParameterName"]["Default"] == ""
    assert template["Parameters"]["NotifyByEmail"]["Default"] == "false"
    env = props(resources, "PublisherFunction")["Environment"]["Variables"]
    assert env["NOTIFY_PARAMETER"] == {"Ref": "NotifyParameterName"}
    assert env["NOTIFY_TOPIC_ARN"] == {"Fn::If": ["HasNotifyTopic", {"Ref": "NotifyTopic"}, ""]}
    assert "AWS_ENDPOINT_URL" not in env and env["AWS_ENDPOINT_URL_SSM"] == env["AWS_ENDPOINT_URL_SNS"] == ""
    # the secret: GetParameter on that one parameter, and Decrypt only through SSM
    assert resources["NotifySecretPolicy"]["Condition"] == "HasNotifyParameter"
    secret = props(resources, "NotifySecretPolicy")
    assert secret["Roles"] == [{"Ref": "PublisherRole"}]
    read, decrypt = statements(secret)
    assert read["Action"] == "ssm:GetParameter"
    assert read["Resource"]["Fn::Sub"].endswith(":parameter${NotifyParameterName}")
    assert decrypt["Action"] == "kms:Decrypt"
    assert decrypt["Condition"] == {"StringEquals": {"kms:ViaService": {"Fn::Sub": "ssm.${AWS::Region}.amazonaws.com"}}}
    # e-mail: a topic of its own, and Publish on it alone
    assert resources["NotifyTopic"]["Condition"] == resources["NotifyTopicPolicy"]["Condition"] == "HasNotifyTopic"
    (publish,) = statements(props(resources, "NotifyTopicPolicy"))
    assert (publish["Action"], publish["Resource"]) == ("sns:Publish", {"Ref": "NotifyTopic"})
    assert template["Outputs"]["NotifyTopicArn"]["Condition"] == "HasNotifyTopic"


def test_cloudfront_never_serves_the_delivery_records(resources: dict[str, Any]) -> None:
    by_sid = {s["Sid"]: s for s in statements(props(resources, "SiteBucketPolicy"))}
    deny = by_sid["DenyCloudFrontDeliveryRecords"]
    assert (deny["Effect"], deny["Principal"], deny["Action"]) == (
        "Deny",
        {"Service": "cloudfront.amazonaws.com"},
        "s3:GetObject",
    )
    assert deny["Resource"] == {"Fn::Sub": "${SiteBucket.Arn}/notify/*"}


def test_bedrock_is_allowed_only_through_the_configured_profile(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    (policy,) = props(resources, "PublisherRole")["Policies"]
    conditional = [s["Fn::If"] for s in policy["PolicyDocument"]["Statement"] if "Fn::If" in s]
    assert [c[0] for c in conditional] == ["HasSummaryModel", "HasSummaryModel"]
    assert all(c[2] == {"Ref": "AWS::NoValue"} for c in conditional)
    assert template["Conditions"]["HasSummaryModel"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "SummaryModelId"}, ""]}]}
    profile, model = (c[1] for c in conditional)
    assert profile["Action"] == model["Action"] == "bedrock:InvokeModel"
    profile_arn = "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/${SummaryModelId}"
    assert profile["Resource"] == {"Fn::Sub": profile_arn}
    arn, names = model["Resource"]["Fn::Sub"]
    assert arn == "arn:${AWS::Partition}:bedrock:*::foundation-model/${Model}"  # every Region the profile uses
    assert model["Condition"] == {"StringEquals": {"bedrock:InferenceProfileArn": {"Fn::Sub": profile_arn}}}
    # the foundation model is the profile ID without its geography: apac.amazon.nova-lite-v1:0 -> amazon.nova-lite-v1:0
    parts = names["Model"]["Fn::Join"][1]
    assert [p["Fn::Select"][0] for p in parts] == [1, 2]
    parameter = template["Parameters"]["SummaryModelId"]
    assert parameter["Default"] == "apac.amazon.nova-lite-v1:0"
    pattern = re.compile(parameter["AllowedPattern"])
    for good in ("", "apac.amazon.nova-micro-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0"):
        assert pattern.fullmatch(good), good
    for bad in ("amazon.nova-lite-v1:0", "*", "apac.amazon.*", "apac.amazon.nova lite"):
        assert not pattern.fullmatch(bad), bad
    env = props(resources, "PublisherFunction")["Environment"]["Variables"]
    assert env["SUMMARY_MODEL_ID"] == {"Ref": "SummaryModelId"}
    assert env["SUMMARY_MAX_PAPERS"] == {"Ref": "SummaryMaxPapers"}
    assert json.loads((ROOT / "env.json").read_text())["PublisherFunction"]["SUMMARY_MODEL_ID"] == ""  # local: off


# ------------------------------------------------------------------ alarms


def alarms(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: r["Properties"] for n, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def test_every_alarm_notifies_the_topic(resources: dict[str, Any]) -> None:
    found = alarms(resources)
    assert set(found) == {
        "PublisherErrorsAlarm",
        "ScheduleDeadLetterAlarm",
        "InvokeFailureAlarm",
        "HeartbeatAlarm",
        "DeliveryFailedAlarm",
    }
    for alarm in found.values():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    subscription = resources["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"


def test_heartbeat_fires_after_26_hours_without_a_completed_run(resources: dict[str, Any]) -> None:
    alarm = alarms(resources)["HeartbeatAlarm"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("DailyPapers", "RunCompleted")
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "daily-papers"}]
    assert alarm["TreatMissingData"] == "breaching"
    window = alarm["Period"] * alarm["EvaluationPeriods"]
    assert window == 26 * 3600
    assert alarm["DatapointsToAlarm"] == alarm["EvaluationPeriods"]
    # CloudWatch: Period x EvaluationPeriods <= 7 days, and <= 1 day when Period < 1 hour.
    assert window <= 7 * 86400
    assert alarm["Period"] >= 3600 or window <= 86400
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("LessThanThreshold", 1)


def test_failed_deliveries_alarm_when_notifications_are_on(resources: dict[str, Any]) -> None:
    alarm = alarms(resources)["DeliveryFailedAlarm"]
    assert resources["DeliveryFailedAlarm"]["Condition"] == "HasNotifications"
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("DailyPapers", "DeliveryFailed", "Sum")
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "daily-papers"}]
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanThreshold", 0)


def test_dead_letter_alarms_watch_both_queues(resources: dict[str, Any]) -> None:
    watched = {
        a["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in alarms(resources).values()
        if a["MetricName"] == "ApproximateNumberOfMessagesVisible"
    }
    assert watched == {"ScheduleDeadLetterQueue", "InvokeFailureQueue"}


# ------------------------------------------------------------------ parameters, outputs, samconfig


def test_user_settings_are_parameters_and_outputs_name_what_operators_need(template: dict[str, Any]) -> None:
    assert set(template["Parameters"]) >= {
        "ScheduleExpression",
        "ScheduleExpressionTimezone",
        "SiteLanguage",
        "SiteTimezone",
        "TopN",
        "SiteAuthor",
        "SiteTitle",
        "SiteBaseUrl",
        "AlarmEmail",
        "RefreshDays",
        "Architecture",
    }
    assert template["Parameters"]["RefreshDays"]["Default"] == 2
    assert set(template["Outputs"]) >= {
        "SiteUrl",
        "SiteBucketName",
        "PublisherFunctionName",
        "DistributionId",
        "AlarmTopicArn",
    }


def test_samconfig_has_a_dev_default_and_a_prod_environment(template: dict[str, Any]) -> None:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text(encoding="utf-8"))
    dev_stack = config["default"]["global"]["parameters"]["stack_name"]
    prod_stack = config["prod"]["global"]["parameters"]["stack_name"]
    assert dev_stack != prod_stack
    assert config["default"]["local_invoke"]["parameters"]["env_vars"] == "env.json"
    overrides = {env: config[env]["deploy"]["parameters"]["parameter_overrides"] for env in ("default", "prod")}
    for env, pairs in overrides.items():
        names = {pair.split("=", 1)[0] for pair in shlex.split(pairs)}
        assert names <= set(template["Parameters"]), f"[{env}] overrides unknown parameters"
    assert overrides["prod"] != overrides["default"]
