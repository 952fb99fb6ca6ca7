// npm run infra:fetch | infra:up | infra:down | infra:status
import { dynamodbAnswers, dynamodbPid } from './infra/dynamodb.ts';
import { allServices, endpoints, ensureInfra, fetchAll, type Service, stopInfra } from './infra/index.ts';
import { kafkaAnswers, kafkaPid } from './infra/kafka.ts';

const log = (line: string) => console.log(`infra: ${line}`);

function servicesFrom(args: string[]): Service[] {
  if (args.length === 0) return [...allServices];
  for (const arg of args) {
    if (!allServices.includes(arg as Service)) {
      throw new Error(`unknown service "${arg}"; known: ${allServices.join(', ')}`);
    }
  }
  return args as Service[];
}

async function main(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case 'fetch':
      await fetchAll(log);
      log('jars are in .infra/lib');
      return;
    case 'up': {
      const started = await ensureInfra(servicesFrom(args), log);
      for (const s of started) log(`${s.name}: ${s.started ? 'started' : 'already running'}`);
      log(`Kafka ${endpoints.kafkaBootstrap}, DynamoDB Local ${endpoints.dynamodb}`);
      return;
    }
    case 'down': {
      const stopped = await stopInfra(servicesFrom(args));
      log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing of ours was running');
      return;
    }
    case 'status': {
      const kafka = await kafkaAnswers();
      const dynamodb = await dynamodbAnswers();
      log(
        `kafka ${endpoints.kafkaBootstrap}: ${kafka ? 'up' : 'down'} (our pid: ${(await kafkaPid()) ?? '-'})`,
      );
      log(
        `dynamodb ${endpoints.dynamodb}: ${dynamodb ? 'up' : 'down'} (our pid: ${(await dynamodbPid()) ?? '-'})`,
      );
      return;
    }
    default:
      throw new Error(
        'usage: node scripts/infra.ts fetch | up [kafka|dynamodb] | down [kafka|dynamodb] | status',
      );
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(`infra: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
