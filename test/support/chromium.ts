// The browser for the console's end-to-end tests: Debian's `chromium` package, driven through
// playwright-core with its executable path (nothing is downloaded at run time). When the package
// is missing and the tests run as root, it is installed with apt; otherwise the error says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function installed(): string | undefined {
  const fromEnv = process.env.SC_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export function chromiumExecutable(): string {
  const found = installed();
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error('Chromium is not installed: run `sudo apt-get install chromium` (or set SC_CHROMIUM)');
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 170_000,
    });
  try {
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
  const after = installed();
  if (!after) throw new Error('apt-get installed chromium, but no chromium executable was found');
  return after;
}

/** Root cannot use Chromium's sandbox; an unprivileged user keeps it. */
export function chromiumArgs(): string[] {
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}
