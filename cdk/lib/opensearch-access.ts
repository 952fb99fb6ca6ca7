// What the functions need to run Elasticsearch/OpenSearch sink connectors against Amazon
// OpenSearch Service domains whose access policy trusts IAM (requests SigV4-signed, aws.region in
// the connector config): the task writes (es:ESHttpGet/Head/Post/Put: the server check, index and
// mapping creation, _bulk), the API only reads (es:ESHttpGet/Head: validation pings the domain and
// checks mapped resources exist). A domain inside a VPC puts both functions in that VPC.
import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { invalidValue, type KafkaNetwork } from './kafka-access.ts';

export interface OpenSearchDomainAccess {
  /** `arn:<partition>:es:<region>:<account>:domain/<name>`. */
  readonly domainArn: string;
  /**
   * The domain's VPC, when it has one: the task and API functions join it (with these subnets and
   * security groups allowed to reach the domain). Must be the Kafka VPC when Kafka has one too.
   */
  readonly network?: KafkaNetwork;
}

export const openSearchActions = {
  task: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut'],
  api: ['es:ESHttpGet', 'es:ESHttpHead'],
} as const;

/** The domain itself and every path under it (indices, _bulk, _mapping). */
export function openSearchResources(domainArn: string): string[] {
  const parsed = Arn.split(domainArn, ArnFormat.SLASH_RESOURCE_NAME);
  if (parsed.service !== 'es' || parsed.resource !== 'domain' || !parsed.resourceName) {
    throw invalidValue(
      domainArn,
      'openSearchDomains',
      'expected arn:<partition>:es:<region>:<account>:domain/<name>',
    );
  }
  return [domainArn, `${domainArn}/*`];
}

export function grantOpenSearchAccess(
  roles: { readonly task: iam.IGrantable; readonly api: iam.IGrantable },
  domains: readonly OpenSearchDomainAccess[],
): void {
  if (domains.length === 0) return;
  const resources = domains.flatMap((d) => openSearchResources(d.domainArn));
  for (const [who, actions] of [
    [roles.task, openSearchActions.task],
    [roles.api, openSearchActions.api],
  ] as const) {
    who.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }));
  }
}

/**
 * The network the task and API functions join: Kafka's, a domain's, or both when they are the
 * same VPC (security groups of both). Lambda functions join one VPC, so two different ones are an
 * error to fix with peering or a shared VPC.
 */
export function searchNetwork(
  kafka: KafkaNetwork | undefined,
  domains: readonly OpenSearchDomainAccess[],
): KafkaNetwork | undefined {
  let network = kafka;
  for (const domain of domains) {
    if (!domain.network) continue;
    if (!network) {
      network = domain.network;
      continue;
    }
    if (network.vpc.vpcId !== domain.network.vpc.vpcId) {
      throw invalidValue(
        domain.domainArn,
        'openSearchDomains',
        'the domain is in another VPC than Kafka (or another domain); the task function can join only one',
      );
    }
    network = {
      ...network,
      securityGroups: [...(network.securityGroups ?? []), ...(domain.network.securityGroups ?? [])],
    };
  }
  return network;
}
