// Placeholder so the CDK app can bundle and synthesize; the real coordinator replaces it at merge.
export async function handler(): Promise<{ reconciled: false }> {
  return { reconciled: false };
}
