// One cold start, in a process of its own (bench/coldstart.ts spawns it): imports the task
// function's bundle as Lambda's Node.js runtime would, invokes its handler once, and reports when
// the first line reaches the sink file. Exits then, as a frozen Lambda sandbox would stop counting.
//
// argv: <handler file> <export> <event JSON> <sink file> <result file> <timeout seconds> <memory MB>
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [handlerFile, handlerExport, eventJson, sinkFile, resultFile, timeoutSeconds, memoryMb] =
  process.argv.slice(2) as [string, string, string, string, string, string, string];

// Everything below is measured from here: what ran before is Node's own start, which Lambda's
// runtime has done before it loads the function's code.
const bootMs = performance.now();
const cpuStart = process.cpuUsage();
const since = () => performance.now() - bootMs;
const cpuMs = () => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1000;
};

let importMs = Number.NaN;
let handlerReturned = false;
// inotify on the folder: no polling that would take CPU from the process being measured.
const watcher = fs.watch(path.dirname(sinkFile), () => {
  let size = 0;
  try {
    size = fs.statSync(sinkFile).size;
  } catch {
    return;
  }
  if (size === 0) return;
  const result = { bootMs, importMs, firstRecordMs: since(), cpuMs: cpuMs(), handlerReturned };
  watcher.close();
  fs.writeFileSync(resultFile, JSON.stringify(result));
  process.exit(0);
});

const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const context = {
  functionName: 'task',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:task',
  memoryLimitInMB: memoryMb,
  awsRequestId: `coldstart-${process.pid}`,
  logGroupName: '/aws/lambda/task',
  logStreamName: 'coldstart',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

const module = (await import(pathToFileURL(handlerFile).href)) as Record<
  string,
  (event: unknown, context: unknown) => Promise<unknown>
>;
importMs = since();
const handler = module[handlerExport];
if (typeof handler !== 'function') throw new Error(`${handlerFile} exports no function ${handlerExport}`);
const outcome = await handler(JSON.parse(eventJson), context);
handlerReturned = true;
// The invocation ended without a line in the file: report what it said instead of waiting.
fs.writeFileSync(resultFile, JSON.stringify({ error: `handler returned ${JSON.stringify(outcome)}` }));
process.exit(1);
