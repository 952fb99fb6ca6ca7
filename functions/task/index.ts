// Placeholder so the CDK app can bundle and synthesize; the real task handler replaces it at merge.
export async function handler(): Promise<{ processed: 0 }> {
  return { processed: 0 };
}
