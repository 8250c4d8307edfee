"""The notification secrets: one SSM SecureString, read with Powertools Parameters and cached."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError, TransformParameterError

from .exceptions import ChannelsUnavailable

MAX_AGE = 300  # seconds a warm container reuses the value; a rotated secret is picked up within this


class SecretParameter:
    def __init__(self, name: str, max_age: int = MAX_AGE):
        self.name = name
        self.max_age = max_age

    def __call__(self) -> Any:
        """The parameter's JSON value. AWS_ENDPOINT_URL_SSM is honoured by boto3 itself."""
        try:
            return parameters.get_parameter(self.name, decrypt=True, transform="json", max_age=self.max_age)
        except TransformParameterError:
            raise ChannelsUnavailable(f"SSM parameter {self.name} is not valid JSON") from None  # never echo it
        except GetParameterError as exc:
            raise ChannelsUnavailable(f"SSM parameter {self.name} cannot be read: {exc}") from exc
