#!/usr/bin/env node
// Entry point of the `serverless-connect` command. The engine is TypeScript run by Node's own
// type stripping, which needs Node.js 22.18 or newer (the project pins Node 24 for its scripts).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `serverless-connect needs Node.js 22.18 or newer, this is ${process.version}. ` +
      'Inside the project, `npm start -- standalone <connector.json>` uses the Node version the project installs.',
  );
  process.exit(1);
}
const { main } = await import('../shared/standalone/cli.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
