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
        ({"HF_HTTP_BACKOFF": "-2"}, "HF_HTTP"),
        ({"TELEGRAM_API_BASE": "api.telegram.org"}, "TELEGRAM_API_BASE"),
        ({"NOTIFY_TOPIC_ARN": "daily-papers", "SITE_BASE_URL": "https://p.example"}, "NOTIFY_TOPIC_ARN"),
        ({"NOTIFY_PARAMETER": "/daily-papers/notify"}, "SITE_BASE_URL"),
    ],
)
def test_bad_configuration_fails_once_with_the_variable_named(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_notifications_are_off_unless_a_channel_is_configured():
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


def test_only_the_config_module_reads_the_environment():
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "functions" / "publisher"
    readers = [p.name for p in package.rglob("*.py") if "os.environ" in p.read_text() or "getenv" in p.read_text()]
    assert readers == ["config.py"]
