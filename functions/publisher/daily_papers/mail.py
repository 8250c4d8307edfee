"""E-mail through an SNS topic that readers subscribe to: the only SNS client."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from . import messages
from .exceptions import SendFailed, SendRefused
from .messages import Announcement
from .ports import Channel

# Worth another run; anything else (no topic, no permission, a bad key) needs a person.
_TRANSIENT = {"Throttling", "ThrottlingException", "ThrottledException", "InternalError", "ServiceUnavailable"}


class EmailTopic:
    """A Channel and its own ChannelSource: one message to the topic reaches every subscriber."""

    name = "email"

    def __init__(self, topic_arn: str, client: Any = None):
        self.topic_arn = topic_arn
        # AWS_ENDPOINT_URL_SNS is honoured by boto3 itself.
        self.client = client or boto3.client(
            "sns", config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=10)
        )

    def channels(self) -> list[Channel]:
        return [self]

    def send(self, message: Announcement) -> None:
        try:
            self.client.publish(
                TopicArn=self.topic_arn,
                Subject=messages.email_subject(message),
                Message=messages.email_body(message),
            )
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            error = SendFailed if code in _TRANSIENT or code.startswith("KMSThrottling") else SendRefused
            raise error(f"email: SNS {code}") from exc
        except BotoCoreError as exc:
            raise SendFailed(f"email: {type(exc).__name__}") from exc
