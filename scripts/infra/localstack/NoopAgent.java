// Stands in for the Java agent LocalStack passes to DynamoDB Local (ddb-local-loader-0.1.jar, which
// it would download to lift DynamoDB Local's limit of 20 global secondary indexes): the project's
// table needs none, so the agent only has to exist. Compiled by scripts/infra/localstack-install.ts.
public final class NoopAgent {
  public static void premain(String args, java.lang.instrument.Instrumentation instrumentation) {}
}
