// /admin/loggers (KIP-495) through the router, with the answers Kafka Connect 4.1 gives (checked
// side by side in the REST conformance test), and the console logger following the root level.
import { describe, expect, it } from 'vitest';
import { consoleLogger } from '../../../shared/runtime/logger.ts';
import { LoggerLevels } from '../../../shared/runtime/logger-levels.ts';
import { restFixture } from '../../support/rest.ts';

describe('/admin/loggers', () => {
  it('sets a level on a logger and the known loggers below it, and lists what changed', async () => {
    let now = 1000;
    const rest = await restFixture({ loggerLevels: new LoggerLevels('info', () => now) });
    expect((await rest.call('GET', '/admin/loggers')).json).toEqual({
      root: { level: 'INFO', last_modified: null },
    });
    expect((await rest.call('PUT', '/admin/loggers/org.example.foo', { level: 'DEBUG' })).json).toEqual([
      'org.example.foo',
    ]);
    expect((await rest.call('PUT', '/admin/loggers/org.example.foo', { level: 'DEBUG' })).json).toEqual([]);
    now = 2000;
    expect((await rest.call('PUT', '/admin/loggers/org.example', { level: 'warn' })).json).toEqual([
      'org.example',
      'org.example.foo',
    ]);
    expect((await rest.call('GET', '/admin/loggers/org.example.foo')).json).toEqual({
      level: 'WARN',
      last_modified: 2000,
    });
    expect((await rest.call('GET', '/admin/loggers/org.examplex')).json).toEqual({
      error_code: 404,
      message: 'Logger org.examplex not found.',
    });
    const cluster = await rest.call('PUT', '/admin/loggers/root?scope=cluster', { level: 'ERROR' });
    expect(cluster.status).toBe(204);
    expect((await rest.call('GET', '/admin/loggers/org.example.foo')).json).toMatchObject({ level: 'ERROR' });
  });

  it("refuses bad levels and bodies in Kafka's words, changing nothing", async () => {
    const rest = await restFixture({ loggerLevels: new LoggerLevels('info') });
    expect((await rest.call('PUT', '/admin/loggers/a', { level: 'LOUD' })).json).toEqual({
      error_code: 404,
      message: "invalid log level 'LOUD'.",
    });
    expect((await rest.call('PUT', '/admin/loggers/a', { level: 5 })).status).toBe(404);
    expect((await rest.call('PUT', '/admin/loggers/a', {})).json).toEqual({
      error_code: 400,
      message: "Desired 'level' parameter was not specified in request.",
    });
    expect((await rest.call('DELETE', '/admin/loggers/a')).status).toBe(405);
    expect(Object.keys((await rest.call('GET', '/admin/loggers')).json as object)).toEqual(['root']);
  });

  it('is 404 where levels cannot change (no LoggerLevels given)', async () => {
    const rest = await restFixture();
    expect((await rest.call('GET', '/admin/loggers')).status).toBe(404);
  });

  it('drives what the console logger prints', () => {
    const levels = new LoggerLevels('info');
    const lines: string[] = [];
    const logger = consoleLogger(
      () => levels.minimum(),
      (line) => lines.push(line),
    );
    logger.debug('hidden');
    logger.info('shown');
    levels.set('root', 'DEBUG');
    logger.debug('now shown');
    levels.set('root', 'OFF');
    logger.error('silenced');
    expect(lines.map((l) => l.replace(/^\S+ \S+\s+/, '').trim())).toEqual(['shown', 'now shown']);
  });
});
