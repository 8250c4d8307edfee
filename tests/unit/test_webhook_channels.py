"""The notify parameter's shape: channels from it, or ChannelsUnavailable that never quotes a value."""

import pytest

from daily_papers.exceptions import ChannelsUnavailable
from daily_papers.webhooks import TelegramChat, Webhook, WebhookChannels

SLACK = "https://hooks.slack.com/services/T0/B0/SECRETSLACK"
GOOD = {
    "slack": [SLACK, "https://hooks.slack.com/services/T0/B1/OTHER"],
    "discord": ["https://discord.com/api/webhooks/1/SECRETDISCORD"],
    "telegram": [{"token": "1:SECRETTOKEN", "chat_id": -100123}],
}


def channels(data):
    return WebhookChannels(lambda: data, "https://api.telegram.org").channels()


def test_every_listed_webhook_and_chat_is_a_channel_with_a_stable_secret_free_name():
    found = channels(GOOD)
    assert [type(c) for c in found] == [Webhook, Webhook, Webhook, TelegramChat]
    names = [c.name for c in found]
    assert [n.split("-")[0] for n in names] == ["slack", "slack", "discord", "telegram"]
    assert len(set(names)) == 4 and names == [c.name for c in channels(GOOD)]
    assert not [n for n in names if "SECRET" in n]
    assert found[3].url == "https://api.telegram.org/bot1:SECRETTOKEN/sendMessage" and found[3].chat_id == "-100123"
    assert channels({}) == []


@pytest.mark.parametrize(
    "data",
    [
        [SLACK],
        SLACK,
        {"slack": SLACK},
        {"slack": [SLACK], "teams": [SLACK]},
        {"discord": ["ftp://SECRET"]},
        {"discord": [{"url": "https://SECRET"}]},
        {"telegram": [{"token": "1:SECRET"}]},
        {"telegram": [{"chat_id": "SECRET"}]},
        {"telegram": {"token": "1:SECRET", "chat_id": 1}},
    ],
)
def test_a_malformed_parameter_is_unavailable_and_its_values_are_never_quoted(data):
    with pytest.raises(ChannelsUnavailable) as info:
        channels(data)
    assert "SECRET" not in str(info.value)
