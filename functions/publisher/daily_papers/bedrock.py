"""Amazon Bedrock adapter (Converse API): the only module creating a bedrock-runtime client.

SDK errors, cut-off and filtered answers are translated into SummaryError here."""

from __future__ import annotations

import threading
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .exceptions import ConfigError, SummaryError


class BedrockSummariser:
    """Summariser backed by bedrock-runtime Converse. AWS_ENDPOINT_URL_BEDROCK_RUNTIME is honoured by boto3."""

    def __init__(
        self,
        model_id: str,
        *,
        max_tokens: int,
        temperature: float,
        timeout: float = 20.0,
        client: Any = None,
    ):
        self.model_id = model_id
        self.inference = {"maxTokens": max_tokens, "temperature": temperature}
        self.tokens = {"input": 0, "output": 0}  # totals billed so far, for the logs and cost checks
        self._lock = threading.Lock()
        # Standard mode retries throttling, ModelNotReady and 5xx; total_max_attempts counts the first call.
        config = Config(connect_timeout=5, read_timeout=timeout, retries={"mode": "standard", "total_max_attempts": 3})
        try:
            self.client = client or boto3.client("bedrock-runtime", config=config)
        except BotoCoreError as exc:
            raise ConfigError(f"SUMMARY_MODEL_ID is set but no Bedrock client can be made: {exc}") from exc

    def converse(self, system: str, prompt: str) -> str:
        try:
            response = self.client.converse(
                modelId=self.model_id,
                system=[{"text": system}],
                messages=[{"role": "user", "content": [{"text": prompt}]}],
                inferenceConfig=self.inference,
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            raise SummaryError(f"Bedrock {self.model_id}: {code}") from exc
        except BotoCoreError as exc:
            raise SummaryError(f"Bedrock {self.model_id}: {type(exc).__name__}") from exc
        usage = response.get("usage", {})
        with self._lock:
            self.tokens["input"] += int(usage.get("inputTokens", 0))
            self.tokens["output"] += int(usage.get("outputTokens", 0))
        reason = response.get("stopReason")
        if reason != "end_turn":
            raise SummaryError(f"Bedrock {self.model_id} stopped with {reason!r}")
        try:
            blocks = response["output"]["message"]["content"]
            text = "".join(block["text"] for block in blocks if "text" in block)
        except (KeyError, TypeError) as exc:
            raise SummaryError(f"Bedrock {self.model_id}: unexpected response shape") from exc
        if not text.strip():
            raise SummaryError(f"Bedrock {self.model_id}: empty answer")
        return text
