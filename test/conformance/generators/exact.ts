// A JSON number written with exactly these digits (JSON.rawJSON), for integers beyond 2^53.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

export function exact(digits: string): unknown {
  return rawJson(digits);
}
