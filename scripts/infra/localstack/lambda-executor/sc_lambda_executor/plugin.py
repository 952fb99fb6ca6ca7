from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin


class HostNodeExecutorPlugin(RuntimeExecutorPlugin):
    """Registered under `localstack.lambda.runtime_executor`; LAMBDA_RUNTIME_EXECUTOR=host-node picks it."""

    name = "host-node"

    def load(self, *args, **kwargs):
        # Imported lazily, as LocalStack's own Docker plugin does: the module pulls in the Lambda service.
        from sc_lambda_executor.executor import HostNodeExecutor

        return HostNodeExecutor
