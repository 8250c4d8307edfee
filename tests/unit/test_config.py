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
        ({"SUMMARY_MODEL_ID": "nova lite; rm -rf"}, "SUMMARY_MODEL_ID"),
        ({"SUMMARY_MAX_PAPERS": "101"}, "SUMMARY_MAX_PAPERS"),
        ({"SUMMARY_MAX_PAPERS": "all"}, "SUMMARY_MAX_PAPERS"),
        ({"SUMMARY_TIMEOUT": "0"}, "SUMMARY_TIMEOUT"),
    ],
)
def test_bad_configuration_fails_once_with_the_variable_named(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_only_the_config_module_reads_the_environment():
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "functions" / "publisher"
    readers = [p.name for p in package.rglob("*.py") if "os.environ" in p.read_text() or "getenv" in p.read_text()]
    assert readers == ["config.py"]


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


def test_each_aws_client_lives_in_its_adapter():
    """boto3 only in the adapters; bedrock-runtime only in bedrock.py; the stages import neither."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "functions" / "publisher" / "daily_papers"
    sources = {p.name: p.read_text() for p in package.glob("*.py")}
    assert sorted(n for n, text in sources.items() if "import boto3" in text or "from botocore" in text) == [
        "aws.py",
        "bedrock.py",
    ]
    assert [n for n, text in sources.items() if '"bedrock-runtime"' in text] == ["bedrock.py"]
    for stage in ("enrich.py", "render.py", "service.py", "rank.py", "models.py"):
        assert "from .aws" not in sources[stage] and "from .bedrock" not in sources[stage], stage
