// Placeholder so the CDK app can bundle and synthesize; the real REST API handler replaces it at merge.
export async function handler(): Promise<{
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}> {
  return {
    statusCode: 501,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error_code: 501, message: 'not implemented yet' }),
  };
}
