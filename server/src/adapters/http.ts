/** fetch with a hard timeout; adapters to outside systems never hang a request. */
export async function fetchWithTimeout(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  const { timeoutMs = 5_000, ...rest } = init;
  return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
}

export class AdapterError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly providerCode?: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'AdapterError';
  }
}
