"""`sam local invoke` without Docker: `sam build`, then the Lambda RIE running awslambdaric.

Inside its container, `sam local invoke` runs the Runtime Interface Emulator shipped in the
aws-sam-cli package with the function at /var/task, the layers at /opt and the runtime's own
python (with awslambdaric) at /var/runtime. This module does the same in local processes, on
127.0.0.1 only: the function and layer come from the `sam build` output, the runtime interface
client from the tools venv (copied into a folder of its own, so no other package leaks in), and the
interpreter is the bare python3.13 (no site-packages), so a module missing from the build fails here
as it would in Lambda.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INVOKE_PATH = "/2015-03-31/functions/function/invocations"
RUNTIME_CLIENT = "awslambdaric"

_TOOLS_PROBE = r"""
import importlib.metadata as md, json, os, re, sys
import samcli

def closure(name, seen):
    dist = md.distribution(name)
    key = dist.metadata["Name"].lower()
    if key in seen:
        return
    seen[key] = {
        "version": dist.version,
        "root": str(dist.locate_file("")),
        "files": [str(f) for f in dist.files or ()],
    }
    for req in dist.requires or ():
        if ";" in req:  # extras and environment markers: not needed by the runtime client
            continue
        closure(re.split(r"[ <>=!~\[(]", req.strip(), maxsplit=1)[0], seen)

dists = {}
closure(sys.argv[1], dists)
print(json.dumps({
    "samcli_dir": os.path.dirname(samcli.__file__),
    "base_python": sys._base_executable,
    "dists": dists,
}))
"""


@dataclass(frozen=True)
class Tools:
    """What the tools venv provides: `sam`, the RIE binaries, awslambdaric, the bare python."""

    venv: Path
    samcli_dir: Path
    base_python: Path
    runtime_dists: dict[str, dict[str, Any]]

    @classmethod
    def probe(cls, venv: Path) -> Tools:
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-c", _TOOLS_PROBE, RUNTIME_CLIENT],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        info = json.loads(out)
        return cls(venv, Path(info["samcli_dir"]), Path(info["base_python"]), info["dists"])

    @property
    def sam(self) -> Path:
        return self.venv / "bin" / "sam"

    def rie(self, architecture: str = "x86_64") -> Path:
        return self.samcli_dir / "local" / "rapid" / f"aws-lambda-rie-{architecture}"

    def stage_runtime_client(self, dest: Path) -> Path:
        """Copy awslambdaric and its dependencies (the runtime's /var/runtime) into `dest`."""
        for dist in self.runtime_dists.values():
            root = Path(dist["root"])
            for rel in dist["files"]:
                if rel.startswith("..") or "__pycache__" in rel:
                    continue
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / rel, target)
        return dest


# --------------------------------------------------------------------------- sam build

# How `sam local invoke` sees one function of the built template: SAM CLI's own providers resolve
# the intrinsics (a parameter's value, a resource's logical id, !If, !Sub) and its
# EnvironmentVariables merges the --env-vars file into what the template declares.
_FUNCTION_PROBE = r"""
import json, sys
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.local.lambdafn.env_vars import EnvironmentVariables

template, logical_id = sys.argv[1], sys.argv[2]
parameters, env_vars_file, creds = (json.loads(arg) for arg in sys.argv[3:6])
stacks, _ = SamLocalStackProvider.get_stacks(template, parameter_overrides=parameters)
fn = SamFunctionProvider(stacks).get(logical_id)
if fn is None:
    sys.exit(f"no function {logical_id} in {template}")
# samcli.commands.local.lib.local_lambda.LocalLambdaRunner._make_env_vars, minus the shell's
# environment (a test must not depend on it).
variables = (fn.environment or {}).get("Variables") or {}
overrides = dict(env_vars_file.get("Parameters", {}))
overrides.update(
    env_vars_file.get(fn.name)
    or env_vars_file.get(fn.function_id)
    or env_vars_file.get(fn.functionname)
    or env_vars_file.get(fn.full_path)
    or {}
)
env = EnvironmentVariables(
    fn.name, fn.memory, fn.timeout, fn.handler, fn.logging_config,
    variables=variables, shell_env_values={}, override_values=overrides, aws_creds=creds,
).resolve()
print(json.dumps({
    "name": fn.name,
    "handler": fn.handler,
    "runtime": fn.runtime,
    "architectures": fn.architectures,
    "memory": fn.memory,
    "timeout": fn.timeout,
    "codeuri": fn.codeuri,
    "layers": [layer.codeuri for layer in fn.layers],
    "env": env,
    "ignored": sorted(set(overrides) - set(variables)),
}))
"""


@dataclass(frozen=True)
class LocalFunction:
    """One function of the `sam build` output, as `sam local invoke` would run it."""

    name: str
    handler: str
    runtime: str
    architectures: list[str]
    task_dir: Path
    layer_dirs: list[Path]
    env: dict[str, str]
    ignored: list[str]  # --env-vars names the template does not declare: SAM CLI drops them

    @classmethod
    def resolve(
        cls,
        tools: Tools,
        built_template: Path,
        logical_id: str,
        *,
        parameter_overrides: Mapping[str, str],
        env_vars_file: Mapping[str, Any],
        credentials: Mapping[str, str],
    ) -> LocalFunction:
        args = [dict(parameter_overrides), dict(env_vars_file), dict(credentials)]
        result = subprocess.run(
            [str(tools.venv / "bin" / "python"), "-c", _FUNCTION_PROBE, str(built_template), logical_id]
            + [json.dumps(arg) for arg in args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"resolving {logical_id} in {built_template} failed:\n{result.stderr}")
        info = json.loads(result.stdout)
        return cls(
            name=info["name"],
            handler=info["handler"],
            runtime=info["runtime"],
            architectures=info["architectures"] or ["x86_64"],
            task_dir=Path(info["codeuri"]),
            layer_dirs=[Path(uri) for uri in info["layers"]],
            env=info["env"],
            ignored=info["ignored"],
        )


def sam_build(
    tools: Tools,
    template: Path,
    out: Path,
    *,
    cache_root: Path,
    parameter_overrides: Mapping[str, str],
    timeout: float = 600,
) -> Path:
    """`sam build --cached` into `out/build` (returned), never touching the project's `.aws-sam`.

    `--cached` keeps layer dependencies in `./.aws-sam/deps/<uuid>` relative to the working
    directory and the uuids in `build.toml` next to the build dir, so the build runs in
    `cache_root` and `build.toml` is carried over between runs; a lock serialises concurrent runs.
    """
    cache_root.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    build_dir = out / "build"
    graph = cache_root / "build.toml"
    env = {
        **os.environ,
        "PATH": f"{tools.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "SAM_CLI_TELEMETRY": "0",
    }
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        env.pop(name, None)
    overrides = " ".join(f"{k}={v}" for k, v in parameter_overrides.items())
    cmd = [
        str(tools.sam), "build",
        "--template-file", str(template),
        "--build-dir", str(build_dir),
        "--cached", "--cache-dir", str(cache_root / "cache"),
        "--parameter-overrides", overrides,
    ]  # fmt: skip
    with open(cache_root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if graph.exists():
            shutil.copy2(graph, out / "build.toml")
        result = subprocess.run(
            cmd, cwd=cache_root, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode == 0 and (out / "build.toml").exists():
            shutil.copy2(out / "build.toml", graph)
    log = f"$ {' '.join(cmd)}\n{result.stdout}\n{result.stderr}"
    if result.returncode != 0:
        raise AssertionError(f"sam build failed (exit {result.returncode}):\n{_tail(log, 60)}")
    if not (build_dir / "template.yaml").exists():
        raise AssertionError(f"sam build wrote no {build_dir / 'template.yaml'}:\n{_tail(log, 60)}")
    return build_dir


# --------------------------------------------------------------------------- the emulator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Invocation:
    status: int
    body: Any
    raw: bytes
    seconds: float


@dataclass
class LambdaEmulator:
    """One function under the RIE: like one `sam local invoke` container, warm after the first call."""

    rie: Path
    python: Path
    function: LocalFunction
    runtime_dir: Path
    log_path: Path
    home: Path
    extra_env: Mapping[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{INVOKE_PATH}"

    @property
    def timeout(self) -> int:
        return int(self.function.env.get("AWS_LAMBDA_FUNCTION_TIMEOUT") or 3)

    def environment(self) -> dict[str, str]:
        """The container's environment: the image's own variables (/var/task, /opt/python and
        /var/runtime mapped to the build's folders), then what SAM CLI passes, then `extra_env`."""
        python_path = [self.function.task_dir, *(d / "python" for d in self.function.layer_dirs)]
        return {
            "PATH": f"{self.python.parent}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),  # no ~/.aws from the host, as in a container
            "LANG": "C.UTF-8",
            "TZ": ":UTC",
            "PYTHONPATH": os.pathsep.join(str(p) for p in [*python_path, self.runtime_dir]),
            "LAMBDA_TASK_ROOT": str(self.function.task_dir),
            "LAMBDA_RUNTIME_DIR": str(self.runtime_dir),
            "_HANDLER": self.function.handler,
            **self.function.env,
            **self.extra_env,
        }

    def command(self) -> list[str]:
        return [
            str(self.rie),
            "--runtime-interface-emulator-address", f"127.0.0.1:{self.port}",
            "--runtime-api-address", f"127.0.0.1:{self.api_port}",
            "--log-level", "debug",
            # -S: no site-packages at all, so every import comes from the build or /var/runtime.
            str(self.python), "-S", "-m", RUNTIME_CLIENT, self.function.handler,
        ]  # fmt: skip

    def start(self, ready_timeout: float = 15.0, attempts: int = 3) -> LambdaEmulator:
        """Start the RIE and wait until it listens (it starts the runtime on the first invoke)."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            if attempt:  # a free port was taken before the RIE bound it: try others
                self.port, self.api_port = free_port(), free_port()
            self._spawn()
            deadline = time.monotonic() + ready_timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return self
                time.sleep(0.05)
            if self.process.poll() is None:
                raise AssertionError(f"the emulator did not listen on 127.0.0.1:{self.port}\n{self.log_tail()}")
        raise AssertionError(f"the emulator exited with {self.process.returncode}\n{self.log_tail()}")

    def _spawn(self) -> None:
        with open(self.log_path, "ab") as log:
            log.write(f"$ {' '.join(self.command())}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.function.task_dir,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() kills RIE and runtime together
            )

    def invoke(self, payload: Any, timeout: float | None = None) -> Invocation:
        """POST one event, as `sam local invoke -e` does; the RIE answers when the handler returns."""
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        request = urllib.request.Request(
            self.url, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout + 30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except OSError as exc:
            raise AssertionError(f"invoking {self.url} failed: {exc!r}\n{self.log_tail()}") from exc
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        return Invocation(status, body, raw, time.monotonic() - started)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no emulator log at {self.log_path})"
        return f"--- emulator log {self.log_path} (last {lines} lines) ---\n{_tail(text, lines)}"

    def stop(self, grace: float = 5.0) -> None:
        """Stop the RIE and the runtime it started: the whole process group, SIGKILL if need be."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        # The runtime may outlive the RIE: make sure nothing of the group is left.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(grace)


@contextlib.contextmanager
def running(emulator: LambdaEmulator) -> Iterator[LambdaEmulator]:
    try:
        yield emulator.start()
    finally:
        emulator.stop()


def warn_ignored(ignored: list[str], logical_id: str) -> None:
    if ignored:
        warnings.warn(
            f"the --env-vars file sets {ignored} for {logical_id}, but the template does not declare them: "
            "`sam local invoke --env-vars` drops undeclared variables",
            UserWarning,
            stacklevel=2,
        )
