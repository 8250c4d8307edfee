"""A stand-in for the LambdaContext the runtime passes to the handler."""

from dataclasses import dataclass


@dataclass
class FakeLambdaContext:
    function_name: str = "daily-papers-PublisherFunction"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:daily-papers"
    aws_request_id: str = "5f0b2e1c-1111-2222-3333-444455556666"
    remaining_ms: int = 300_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms
