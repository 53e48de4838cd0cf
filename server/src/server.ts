import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { DEMO_LOGINS } from './seed/demo-seed';
import { describeDatabase, seedDatabase } from './cli/db';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const database = await openDatabase(config.database);
  if (config.migrateOnStart) await migrateDatabase(database);
  // Under an advisory lock: instances starting together seed once.
  const seeded = config.seedDemo ? await seedDatabase(database, config) : { seeded: false };

  const app = await buildApp({ config, database });

  // On SIGTERM (an orchestrator stopping the instance for a deploy): readiness turns 503 at once, and the instance
  // keeps serving for SHUTDOWN_DELAY_MS, closing each keep-alive connection after its answer, while the load
  // balancer notices and sends new requests elsewhere. Only then does close() stop accepting connections, wait for
  // the requests in flight, and end. SIGINT (Ctrl-C in a terminal) skips the delay.
  closeWithGrace({ delay: config.shutdownDelayMs + 15_000 }, async ({ signal, err }) => {
    app.beginShutdown();
    if (err) app.log.error({ err }, 'shutting down after an error');
    else if (signal === 'SIGTERM' && config.shutdownDelayMs > 0) {
      app.log.info({ signal, delayMs: config.shutdownDelayMs }, 'draining: readiness 503, serving until the load balancer has moved away');
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    }
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    await database.close();
  });

  // A sign-up opening at 9:00 brings thousands of connections in the same second. Node's default accept queue (511)
  // overflows and the kernel drops the rest, whose phones retry 1, 3, 7 s later: a long queue (the kernel caps it at
  // net.core.somaxconn) lets them in at once.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const port = (app.server.address() as import('node:net').AddressInfo).port;
  const url = `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `  工会会员 app is running at ${url}`,
    `  H5 app:   ${url}/`,
    ...(config.docsPublic ? [`  API docs: ${url}/docs`] : []),
    `  Database: ${describeDatabase(config.database)}${seeded.seeded ? ' (demo data seeded)' : ''}`,
  ];
  if (config.sms.provider === 'dev') {
    lines.push('  Demo logins (development SMS: the code is shown on the login page):');
    for (const login of DEMO_LOGINS) lines.push(`    ${login.phone}  ${login.who}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
