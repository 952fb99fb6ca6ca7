// npm run infra:fetch | infra:up [-- names] | infra:down [-- names] | infra:status [-- names]
import {
  allServices,
  ensureInfra,
  fetchAll,
  infraStatus,
  service,
  servicesFrom,
  stopInfra,
} from './infra/index.ts';

const log = (line: string) => console.log(`infra: ${line}`);

async function main(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case 'fetch':
      await fetchAll(log);
      log('everything the services need is in .infra/');
      return;
    case 'up': {
      const started = await ensureInfra(servicesFrom(args), log);
      for (const s of started) {
        log(
          `${s.name}: ${s.started ? 'started' : 'already running'} on ${service(s.name as never).endpoint()}`,
        );
      }
      return;
    }
    case 'down': {
      // Without names, stop everything this checkout started, not only the default set.
      const stopped = await stopInfra(args.length === 0 ? allServices : servicesFrom(args));
      log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing of ours was running');
      return;
    }
    case 'status': {
      for (const s of await infraStatus(args.length === 0 ? allServices : servicesFrom(args))) {
        log(`${s.name} ${s.endpoint}: ${s.up ? 'up' : 'down'} (our pid: ${s.pid ?? '-'})`);
      }
      return;
    }
    default:
      throw new Error(
        `usage: node scripts/infra.ts fetch | up [names] | down [names] | status [names]; names: ${allServices.join(', ')}`,
      );
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(`infra: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
