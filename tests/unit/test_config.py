import math
from dataclasses import fields

import pytest

from daily_papers.config import Settings
from daily_papers.exceptions import ConfigError


def test_defaults_match_the_documented_configuration():
    settings = Settings.from_env({})
    assert settings.hf_api_base == "https://huggingface.co"
    assert settings.language == "ko"
    assert settings.timezone == "Asia/Seoul"
    assert settings.top_n == 0
    assert settings.bucket is None


def test_values_are_read_and_normalised():
    settings = Settings.from_env(
        {
            "SITE_BUCKET": "b",
            "HF_API_BASE": "http://127.0.0.1:9/",
            "SITE_LANGUAGE": "en",
            "SITE_TIMEZONE": "Europe/Paris",
            "TOP_N": "5",
            "SITE_BASE_URL": "https://papers.example.org/blog/",
        }
    )
    assert (settings.bucket, settings.hf_api_base, settings.language) == ("b", "http://127.0.0.1:9", "en")
    assert (settings.top_n, settings.base_url) == (5, "https://papers.example.org/blog")
    assert settings.tz.key == "Europe/Paris"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SITE_LANGUAGE": "fr"}, "SITE_LANGUAGE"),
        ({"SITE_TIMEZONE": "Mars/Olympus"}, "SITE_TIMEZONE"),
        ({"TOP_N": "ten"}, "TOP_N"),
        ({"TOP_N": "-1"}, "TOP_N"),
        ({"HF_API_BASE": "huggingface.co"}, "HF_API_BASE"),
        ({"SITE_BASE_URL": "javascript:alert(1)"}, "SITE_BASE_URL"),
        ({"HF_HTTP_BACKOFF": "-2"}, "HF_HTTP_BACKOFF"),
        ({"HF_HTTP_TIMEOUT": "0"}, "HF_HTTP_TIMEOUT"),
        ({"REFRESH_DAYS": "15"}, "REFRESH_DAYS"),
        ({"TELEGRAM_API_BASE": "api.telegram.org"}, "TELEGRAM_API_BASE"),
        ({"NOTIFY_TOPIC_ARN": "daily-papers", "SITE_BASE_URL": "https://p.example"}, "NOTIFY_TOPIC_ARN"),
        ({"NOTIFY_PARAMETER": "/daily-papers/notify"}, "SITE_BASE_URL"),
        ({"SUMMARY_MODEL_ID": "nova lite; rm -rf"}, "SUMMARY_MODEL_ID"),
        ({"SUMMARY_MAX_PAPERS": "101"}, "SUMMARY_MAX_PAPERS"),
        ({"SUMMARY_MAX_PAPERS": "all"}, "SUMMARY_MAX_PAPERS"),
        ({"SUMMARY_TIMEOUT": "0"}, "SUMMARY_TIMEOUT"),
        ({"DIGEST_TOP_N": "0"}, "DIGEST_TOP_N"),
        ({"DIGEST_TOP_N": "101"}, "DIGEST_TOP_N"),
        ({"DIGEST_TOP_N": "twenty"}, "DIGEST_TOP_N"),
    ],
)
def test_bad_configuration_fails_once_with_the_variable_named(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


NUMERIC = [
    "TOP_N",
    "DIGEST_TOP_N",
    "REFRESH_DAYS",
    "HF_MIN_INTERVAL",
    "HF_HTTP_RETRIES",
    "HF_HTTP_BACKOFF",
    "HF_HTTP_TIMEOUT",
    "SUMMARY_MAX_PAPERS",
    "SUMMARY_TIMEOUT",
]
NOT_A_SETTING = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e999", "-1", "-0.5", "-1e-9", "ten", "1,5", "0x10"]


def test_every_numeric_setting_is_in_the_list_the_bad_values_are_tried_on():
    defaults = Settings()
    numeric = [f.metadata["env"] for f in fields(Settings) if isinstance(getattr(defaults, f.name), int | float)]
    assert sorted(numeric) == sorted(NUMERIC)


@pytest.mark.parametrize("value", NOT_A_SETTING)
@pytest.mark.parametrize("name", NUMERIC)
def test_nan_infinity_negative_and_non_numbers_fail_naming_the_variable(name, value):
    # Given a numeric setting that is not a finite number, 0 or more
    # When the configuration is read (at cold start)
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({name: value})
    # Then it fails, naming the variable
    assert name in str(raised.value)


@pytest.mark.parametrize(("field", "name"), [("http_backoff", "HF_HTTP_BACKOFF"), ("top_n", "TOP_N")])
@pytest.mark.parametrize("value", [math.nan, math.inf, -1])
def test_settings_built_in_code_are_checked_the_same_way(field, name, value):
    with pytest.raises(ConfigError, match=name):
        Settings(**{field: value})


def test_digest_top_n_defaults_to_20_and_takes_1_to_100():
    assert Settings().digest_top_n == 20
    assert [Settings.from_env({"DIGEST_TOP_N": n}).digest_top_n for n in ("1", "100", " ")] == [1, 100, 20]


def test_numbers_keep_their_types_and_blank_keeps_the_default():
    settings = Settings.from_env({"TOP_N": "5", "HF_HTTP_TIMEOUT": "5", "HF_HTTP_RETRIES": " ", "REFRESH_DAYS": "0"})
    assert (settings.top_n, settings.http_timeout, settings.http_retries, settings.refresh_days) == (5, 5.0, 4, 0)
    assert type(settings.top_n) is int and type(settings.http_timeout) is float


def test_numeric_defaults():
    settings = Settings.from_env({})
    assert (settings.top_n, settings.refresh_days, settings.http_retries) == (0, 2, 4)
    assert (settings.hf_min_interval, settings.http_backoff, settings.http_timeout) == (0.6, 1.0, 20.0)
    assert Settings.from_env({}).notifies is False
    settings = Settings.from_env(
        {
            "NOTIFY_PARAMETER": "/daily-papers/notify",
            "NOTIFY_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:daily-papers-notify",
            "TELEGRAM_API_BASE": "http://127.0.0.1:9/",
            "SITE_BASE_URL": "https://p.example",
        }
    )
    assert settings.notifies and settings.telegram_api_base == "http://127.0.0.1:9"
    assert settings.notify_parameter == "/daily-papers/notify"
    assert settings.notify_topic_arn == "arn:aws:sns:us-east-1:123456789012:daily-papers-notify"


def test_korean_summaries_are_off_by_default_and_on_only_for_a_korean_site_with_a_model():
    assert Settings.from_env({}).summary_language is None
    assert Settings.from_env({"SUMMARY_MODEL_ID": " "}).summary_language is None
    on = Settings.from_env({"SUMMARY_MODEL_ID": "apac.amazon.nova-lite-v1:0"})
    assert (on.summary_language, on.summary_model_id, on.summary_max_papers) == ("ko", "apac.amazon.nova-lite-v1:0", 30)
    assert (
        Settings.from_env({"SUMMARY_MODEL_ID": "apac.amazon.nova-lite-v1:0", "SITE_LANGUAGE": "en"}).summary_language
        is None
    )
    assert Settings.from_env({"SUMMARY_MODEL_ID": "m", "SUMMARY_MAX_PAPERS": "0"}).summary_language is None
    arn = "arn:aws:bedrock:ap-northeast-2:123456789012:application-inference-profile/abc123"
    assert Settings.from_env({"SUMMARY_MODEL_ID": arn}).summary_model_id == arn
