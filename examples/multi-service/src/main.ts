// The otel-jwt demo: an OpenID provider, an edge gateway and three internal services (each its own Node
// process with NodeSDK and otel-jwt), a driver that runs eleven scenarios, and a collector that prints
// every trace as a tree and writes them all as a Jaeger JSON file. Run: pnpm --filter ./examples/multi-service start
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwarderFromEnv } from './collector/otlp-forward.ts';
import { startCollector } from './collector/otlp-receiver.ts';
import { indexTraces } from './collector/trace-index.ts';
import { printTrees } from './collector/trace-tree.ts';
import { paint } from './colour.ts';
import { runScenarios, type ScenarioResult } from './driver.ts';
import { startDriverTracing } from './driver-tracing.ts';
import { startIdp } from './idp/idp-server.ts';
import { CLIENT_IDS, SHOP_API } from './idp/users.ts';
import { type Shop, startShop } from './launcher/shop-services.ts';
import { SERVED_ROUTES, type ServiceName } from './protocol.ts';
import { writeRunOutput, writeTokensFile } from './run-output.ts';
import { allScenarios } from './scenarios/all-scenarios.ts';
import type { LoginOptions } from './scenarios/scenario-kit.ts';
import { logIn } from './scenarios/shop-login.ts';

const outDir = process.env.DEMO_OUT_DIR || fileURLToPath(new URL('../out/', import.meta.url));
const forwarder = forwarderFromEnv(process.env);
const collector = await startCollector(forwarder);
const tracing = startDriverTracing(collector.endpoint);
const idp = await startIdp();
// The key the services share for subject proofs and pseudonyms: generated per run, read from a file
// as the README's setup reads /run/secrets/otel-jwt-hmac-key.
const secrets = mkdtempSync(join(tmpdir(), 'otel-jwt-demo-'));
const hmacKeyFile = join(secrets, 'otel-jwt-hmac-key');
writeFileSync(hmacKeyFile, randomBytes(32), { mode: 0o600 });

let shop: Shop | undefined;
let stopped: Promise<void> | undefined;
const stopAll = () => {
  stopped ??= (async () => {
    await shop?.stop();
    await collector.close();
    await idp.close();
    rmSync(secrets, { recursive: true, force: true });
  })();
  return stopped;
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

let results: ScenarioResult[] = [];
const failures: string[] = [];
try {
  shop = await startShop({
    issuer: idp.issuer,
    audience: SHOP_API,
    tokenEndpoint: idp.tokenEndpoint,
    ordersClientSecret: idp.secrets.orders,
    introspectionClient: { id: CLIENT_IDS.api, secret: idp.secrets.api },
    hmacKeyFile,
    otlpEndpoint: collector.endpoint,
  });
  printHeader(shop);
  console.log(paint('bold', '\nScenarios'));
  const login = async (username: string, { ttlSeconds, app = 'web' }: LoginOptions = {}) => {
    const client = app === 'mobile' ? 'mobile' : 'shop';
    const target = {
      tokenEndpoint: idp.tokenEndpoint,
      clientId: CLIENT_IDS[client],
      clientSecret: idp.secrets[client],
    };
    return (await logIn(target, username, ttlSeconds)).accessToken;
  };
  results = await runScenarios(allScenarios(), {
    urls: routeUrls(shop),
    login,
    rotateKeys: () => idp.rotate(),
    revokeSession: (token) => idp.revokeSession(token),
    tracing,
  });
} catch (error) {
  failures.push(`the demo did not run: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  // Stopping the services and the driver's SDK flushes their exporters: the collector then has every span.
  await shop?.stop();
  await tracing.shutdown();
}

const index = indexTraces(collector.spans, collector.logs);
const groups = results.map((result, number) => {
  const traced = result.attempts.filter((attempt) => attempt.traceId !== '');
  return {
    heading: `${number + 1} ${result.title}`,
    traceIds: traced.map((attempt) => attempt.traceId),
    labels: traced.map((attempt) => attempt.label),
  };
});
const traceIds = groups.flatMap((group) => group.traceIds);
if (traceIds.length > 0) {
  console.log(
    paint('bold', `\nTraces (${collector.spans.length} spans, ${collector.logs.length} log records)`),
  );
  printTrees(index, groups);
}
for (const id of traceIds)
  if (index.spans(id).length === 0) failures.push(`no spans were exported for trace ${id}`);
failures.push(...collector.rejected.map((line) => `collector refused ${line}`));
failures.push(
  ...results
    .filter((result) => result.problems.length > 0)
    .map((result) => `${result.title}: unexpected outcome`),
);

const jaegerPath = writeRunOutput(outDir, index, traceIds, {
  issuer: idp.issuer,
  services: Object.fromEntries((shop?.services ?? []).map((service) => [service.name, service.origin])),
  scenarios: results,
});
writeTokensFile(process.env.DEMO_TOKENS_FILE, idp.issuedTokens(), Object.values(idp.secrets));
const forwardProblems = (await forwarder?.settle()) ?? [];
await stopAll();

console.log(
  `\nJaeger JSON: ${relative(process.cwd(), jaegerPath) || jaegerPath} (${index.traceIds.length} traces)`,
);
console.log(
  paint(
    'dim',
    '  open it in the Jaeger UI: Search page -> Upload (see README), or run with Jaeger (docker compose up)',
  ),
);
for (const line of forwardProblems) console.log(paint('yellow', `  forwarding: ${line}`));
if (failures.length > 0) {
  for (const line of failures) console.log(paint('red', `✘ ${line}`));
  for (const service of shop?.services ?? [])
    if (service.output()) console.log(paint('dim', `[${service.name}] ${service.output()}`));
  process.exitCode = 1;
} else {
  console.log(paint('green', `✔ all ${results.length} scenarios behaved as expected`));
}

function printHeader(running: Shop): void {
  console.log(paint('bold', "otel-jwt demo: a shop whose every service verifies the caller's JWT"));
  const row = (name: string, value: string) => console.log(`  ${name.padEnd(10)} ${value}`);
  row('IdP', `${idp.issuer}  (oidc-provider, ES256 JWT access tokens, key ${idp.signingKid()})`);
  row('', `status list ${idp.statusListUri}; opaque tokens for the mobile app, introspected`);
  const calls: Record<string, string> = { gateway: '-> orders', orders: '-> inventory, payments' };
  for (const name of ['gateway', 'orders', 'inventory', 'payments'] as const) {
    row(name, `${running.origin(name)}  ${calls[name] ?? ''}`.trimEnd());
  }
  const forwarded = forwarder
    ? `; forwarded to ${Object.values(forwarder.targets).join(' and ')} (OTEL_EXPORTER_OTLP_*)`
    : '';
  row('telemetry', `OTLP/HTTP to the demo's collector ${collector.endpoint}${forwarded}`);
}

/** The URL of the route each service serves. */
function routeUrls(running: Shop): Record<ServiceName, string> {
  const url = (name: ServiceName) => `${running.origin(name)}${SERVED_ROUTES[name]}`;
  return {
    gateway: url('gateway'),
    orders: url('orders'),
    inventory: url('inventory'),
    payments: url('payments'),
  };
}
