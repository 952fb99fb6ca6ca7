// The console's static files: a fixed list, served with a strict content security policy.
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_FILES,
  consoleResponse,
  isConsolePath,
} from '../../../../shared/runtime/management/console/console-assets.ts';

describe('console assets', () => {
  it('serves every file of the list with its type and security headers', () => {
    for (const name of CONSOLE_FILES) {
      const response = consoleResponse('GET', `/ui/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.body.length, name).toBeGreaterThan(0);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(consoleResponse('GET', '/ui/').headers['content-type']).toBe('text/html; charset=utf-8');
    expect(consoleResponse('GET', '/ui/?x=1').status).toBe(200);
  });

  it('redirects /ui to /ui/ relatively, so a stage prefix survives', () => {
    expect(consoleResponse('GET', '/ui')).toMatchObject({ status: 301, headers: { location: 'ui/' } });
  });

  it('answers anything else with Kafka-shaped errors and never reads paths from the request', () => {
    for (const path of [
      '/ui/../package.json',
      '/ui/%2e%2e/package.json',
      '/ui/console-assets.ts',
      '/ui/x.js',
    ])
      expect(consoleResponse('GET', path).status, path).toBe(404);
    expect(JSON.parse(consoleResponse('POST', '/ui/').body)).toEqual({
      error_code: 405,
      message: 'HTTP 405 Method Not Allowed',
    });
  });

  it('knows which paths are its own', () => {
    expect(isConsolePath('/ui')).toBe(true);
    expect(isConsolePath('/ui/app.js?v=1')).toBe(true);
    expect(isConsolePath('/uix')).toBe(false);
    expect(isConsolePath('/connectors/ui')).toBe(false);
  });

  it('lists every file in the ui folder, and the page loads only listed files', () => {
    const html = consoleResponse('GET', '/ui/index.html').body;
    const scripts = [...html.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((m) => m[1]);
    for (const file of scripts) expect(CONSOLE_FILES).toContain(file);
    for (const name of CONSOLE_FILES.filter((f) => f.endsWith('.js'))) {
      const imports = [...consoleResponse('GET', `/ui/${name}`).body.matchAll(/from '\.\/([^']+)'/g)].map(
        (m) => m[1],
      );
      for (const file of imports) expect(CONSOLE_FILES, `${name} imports ${file}`).toContain(file);
    }
  });
});

describe('console files on disk', () => {
  it('are exactly the listed ones (a new file must be listed to be served and bundled)', async () => {
    const { readdir } = await import('node:fs/promises');
    const onDisk = await readdir(
      new URL('../../../../shared/runtime/management/console/ui/', import.meta.url),
    );
    expect(onDisk.sort()).toEqual([...CONSOLE_FILES].sort());
  });
});
