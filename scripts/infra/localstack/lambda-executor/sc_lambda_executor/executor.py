"""Runs a nodejs* Lambda function as a Node process on the host, for LocalStack without Docker.

Test infrastructure: there is no isolation (the function runs as the LocalStack user, with the
function role's credentials LocalStack hands out), the architecture (arm64) is ignored, and the Node
binary is the one named by SC_LAMBDA_NODE_BINARY (the project's own), not the runtime's image.

The process speaks the protocol of LocalStack's Go init (bootstrap.mjs): it serves POST /invoke and
calls back LocalStack's executor endpoint with status/ready, then per invocation logs and response
or error. This class owns the process's life the way Lambda owns a sandbox: it enforces the
function timeout, reports a runtime that died mid-invocation as Runtime.ExitError (a function error
that async invoke retries), and starts the runtime again (a cold start) before the next invocation.
"""

import json
import logging
import os
import shutil
import signal
import subprocess
import threading
from collections import deque
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from pathlib import Path

import requests
from werkzeug import Request

from localstack import config
from localstack.http import Response
from localstack.services.lambda_.invocation.executor_endpoint import (
    ExecutorEndpoint,
    InvokeSendError,
)
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.runtime_executor import (
    LambdaRuntimeException,
    RuntimeExecutor,
)

LOG = logging.getLogger(__name__)

BOOTSTRAP = Path(__file__).with_name("bootstrap.mjs")
HOST = "127.0.0.1"
# The process's own output, kept for LocalStack's start-up error reports (per invocation logs are
# posted by the bootstrap itself).
KEPT_OUTPUT_LINES = 500
NO_PROXY = {"http": "", "https": ""}


def node_binary() -> str:
    return os.environ.get("SC_LAMBDA_NODE_BINARY") or shutil.which("node") or "node"


class HostEndpoint(ExecutorEndpoint):
    """LocalStack's callback endpoint; the process says in its ready call which port it listens on."""

    def status_ready(self, request: Request, executor_id: str) -> Response:
        body = request.get_json(silent=True) or {}
        self.container_port = int(body.get("port", 0)) or self.container_port
        return super().status_ready(request, executor_id)


class HostNodeExecutor(RuntimeExecutor):
    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self.executor_endpoint = HostEndpoint(self.id, container_address=HOST, container_port=None)
        self.process: subprocess.Popen | None = None
        self.env_vars: dict[str, str] = {}
        self.output: deque[str] = deque(maxlen=KEPT_OUTPUT_LINES)
        self.lock = threading.Lock()

    # -- life cycle -------------------------------------------------------------------------------

    def start(self, env_vars: dict[str, str]) -> None:
        runtime = self.function_version.config.runtime or ""
        if not runtime.startswith("nodejs"):
            raise LambdaRuntimeException(
                f"the host-node executor runs nodejs* functions only, not {runtime or 'container images'}"
            )
        self.env_vars = dict(env_vars)
        with self.lock:
            self._spawn()

    def _spawn(self) -> None:
        code = str(self.function_version.config.code.get_unzipped_code_location())
        env = {
            **{str(k): str(v) for k, v in self.env_vars.items()},
            # The code is where LocalStack unzipped it, not /var/task.
            "LAMBDA_TASK_ROOT": code,
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
        }
        self.executor_endpoint.start()
        self.process = subprocess.Popen(
            [node_binary(), str(BOOTSTRAP)],
            cwd=code,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # In LocalStack's process group (no new session): stopping LocalStack's group ends it too.
        )
        threading.Thread(
            target=self._watch, args=(self.process,), name=f"host-node-{self.id}", daemon=True
        ).start()
        self.executor_endpoint.wait_for_startup()

    def _watch(self, process: subprocess.Popen) -> None:
        """Keeps the output, and turns the process's end into the answer of whatever waited for it."""
        for line in process.stdout:
            self.output.append(line.decode("utf-8", "replace").rstrip("\n"))
        code = process.wait()
        endpoint = self.executor_endpoint
        reason = f"signal: {_signal_words(-code)}" if code < 0 else f"exit status {code}"
        startup = endpoint.startup_future
        if startup is not None and not startup.done():
            _settle(startup, exception=LambdaRuntimeException(f"Runtime exited during init: {reason}"))
        invocation = endpoint.invocation_future
        if invocation is not None and not invocation.done():
            error = {
                "errorType": "Runtime.ExitError",
                "errorMessage": f"Runtime exited with error: {reason}",
            }
            _settle(
                invocation,
                result=InvocationResult(
                    self._request_id, json.dumps(error).encode(), is_error=True, logs=endpoint.logs
                ),
            )

    def stop(self) -> None:
        with self.lock:
            self._kill()
        try:
            self.executor_endpoint.shutdown()
        except Exception as e:  # already unregistered
            LOG.debug("Stopping the endpoint of executor %s: %s", self.id, e)

    def _kill(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.kill()
        process.wait()

    # -- invocations ------------------------------------------------------------------------------

    _request_id = ""

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        with self.lock:
            # The runtime died (killed, timed out): Lambda starts it again in the same sandbox.
            if self.process is None or self.process.poll() is not None:
                self._spawn()
        endpoint = self.executor_endpoint
        self._request_id = payload["invoke-id"]
        endpoint.invocation_future = Future()
        endpoint.logs = None
        url = f"http://{HOST}:{endpoint.container_port}/invoke"
        try:
            response = requests.post(url, json=payload, proxies=NO_PROXY, timeout=10)
        except requests.RequestException as e:
            raise InvokeSendError(f"could not send the invocation to {url}: {e}") from e
        if not response.ok:
            raise InvokeSendError(f"{url} answered {response.status_code}")
        timeout = float(self.function_version.config.timeout)
        try:
            return endpoint.invocation_future.result(timeout=timeout)
        except FutureTimeout:
            # Lambda stops the runtime at the timeout; the next invocation starts it again.
            with self.lock:
                self._kill()
            started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            error = {
                "errorType": "Sandbox.Timedout",
                "errorMessage": f"{started} {self._request_id} Task timed out after {timeout:.2f} seconds",
            }
            return InvocationResult(
                self._request_id, json.dumps(error).encode(), is_error=True, logs=endpoint.logs
            )

    # -- what LocalStack asks -------------------------------------------------------------------

    def get_address(self) -> str:
        return HOST

    def get_endpoint_from_executor(self) -> str:
        # The function is a host process: LocalStack is on the loopback address.
        return HOST

    def get_runtime_endpoint(self) -> str:
        return (
            f"http://{HOST}:{config.GATEWAY_LISTEN[0].port}"
            f"{self.executor_endpoint.get_endpoint_prefix()}"
        )

    def get_logs(self) -> str:
        return "\n".join(self.output)

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        # Unzips the code where get_unzipped_code_location() says; nothing to pull or build.
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        if shutil.which(node_binary()) is None and not os.access(node_binary(), os.X_OK):
            LOG.warning("host-node Lambda executor: no Node binary at %s", node_binary())
            return False
        return True


def _signal_words(number: int) -> str:
    """The wording of Lambda's Runtime.ExitError (Go's): `signal: killed`, `signal: terminated`."""
    known = {signal.SIGKILL: "killed", signal.SIGTERM: "terminated", signal.SIGSEGV: "segmentation fault"}
    try:
        sig = signal.Signals(number)
    except ValueError:
        return str(number)
    return known.get(sig, sig.name.lower())


def _settle(future: Future, result=None, exception: BaseException | None = None) -> None:
    try:
        if exception is not None:
            future.set_exception(exception)
        else:
            future.set_result(result)
    except Exception:  # settled (or cancelled) by another thread meanwhile
        pass

