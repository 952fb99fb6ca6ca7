// Reads the IAM statements a role ends up with from a synthesized template, in a form tests can
// compare exactly: one entry per statement, actions and resources as sorted lists.
import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: unknown[];
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const sortKey = (value: unknown) => JSON.stringify(value);

export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: Statement[] = [];
  for (const policy of Object.values(policies)) {
    const roles = asList(policy.Properties.Roles) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;
    for (const s of policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]) {
      statements.push({
        effect: String(s.Effect),
        actions: (asList(s.Action) as string[]).slice().sort(),
        resources: asList(s.Resource)
          .slice()
          .sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
      });
    }
  }
  return statements.sort((a, b) => sortKey(a.actions).localeCompare(sortKey(b.actions)));
}

/** Every action named in any policy of the template (managed policies aside). */
export function allActions(template: Template): string[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).flatMap(
      (s) => asList(s.Action) as string[],
    ),
  );
}

/** The logical id of the single resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}
