// Runs the scenarios against the gateway in order, each request in a trace of its own that the driver
// starts, prints one line per scenario (status and the verdict each hop reported) and checks each against
// what it expects.
import { paint } from './colour.ts';
import type { DriverTracing } from './driver-tracing.ts';
import type { ServiceName } from './protocol.ts';
import type { Attempt, CheckoutRequest, Scenario, ScenarioContext } from './scenarios/scenario-kit.ts';
import { describeHops, send } from './scenarios/scenario-kit.ts';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly attempts: readonly Attempt[];
  readonly notes: readonly string[];
  /** Empty when the scenario behaved as expected. */
  readonly problems: readonly string[];
}

export interface DriverContext extends Pick<ScenarioContext, 'login' | 'rotateKeys' | 'revokeSession'> {
  /** The URL of the route each service serves (the gateway's is the shop's checkout). */
  readonly urls: Readonly<Record<ServiceName, string>>;
  readonly tracing: DriverTracing;
}

export async function runScenarios(
  scenarios: readonly Scenario[],
  base: DriverContext,
): Promise<ScenarioResult[]> {
  const notes = new Map<string, string[]>();
  const sent = new Map<string, number>();
  const contextFor = (scenario: Scenario): ScenarioContext => {
    const sendTo = (service: ServiceName, request: CheckoutRequest) => {
      const attempt = (sent.get(scenario.id) ?? 0) + 1;
      sent.set(scenario.id, attempt);
      return base.tracing.inNewTrace(scenario.id, attempt, service, (headers) =>
        send(base.urls[service], request, headers),
      );
    };
    return {
      login: base.login,
      rotateKeys: base.rotateKeys,
      revokeSession: base.revokeSession,
      note: (line) => notes.set(scenario.id, [...(notes.get(scenario.id) ?? []), line]),
      checkout: (request) => sendTo('gateway', request),
      callDirectly: sendTo,
    };
  };
  for (const scenario of scenarios) await scenario.prepare?.(contextFor(scenario));

  const results: ScenarioResult[] = [];
  const width = Math.max(...scenarios.map((scenario) => scenario.title.length));
  for (const [index, scenario] of scenarios.entries()) {
    let attempts: readonly Attempt[] = [];
    let problems: string[];
    try {
      attempts = await scenario.run(contextFor(scenario));
      problems = scenario.check(attempts);
    } catch (error) {
      problems = [`failed: ${error instanceof Error ? error.message : String(error)}`];
    }
    const result = {
      id: scenario.id,
      title: scenario.title,
      attempts,
      notes: notes.get(scenario.id) ?? [],
      problems,
    };
    results.push(result);
    printResult(index + 1, width, result);
  }
  return results;
}

function printResult(number: number, width: number, result: ScenarioResult): void {
  const ok = result.problems.length === 0;
  const last = result.attempts.at(-1);
  const mark = ok ? paint('green', '✔') : paint('red', '✘');
  const status = last === undefined ? '---' : String(last.status);
  const hops = last === undefined ? '' : highlight(describeHops(last.hops));
  console.log(`${mark} ${String(number).padStart(2)} ${result.title.padEnd(width)}  ${status}  ${hops}`);
  for (const note of result.notes) console.log(paint('dim', `       ${note}`));
  for (const [index, attempt] of result.attempts.slice(0, -1).entries()) {
    // A labelled request is one of a scenario's different requests; an unlabelled one is a retry.
    const which =
      attempt.label === undefined ? `attempt ${index + 1}` : `request ${index + 1} (${attempt.label})`;
    console.log(paint('dim', `       ${which}: ${attempt.status}  ${describeHops(attempt.hops)}`));
  }
  for (const problem of result.problems) console.log(paint('red', `       unexpected: ${problem}`));
}

const WORRYING =
  /\b(invalid|unverified|absent|changed|token_dropped|token_invalid|token_unverified|removed\[[^\]]*\]\([a-z_]+\))/g;

function highlight(text: string): string {
  return text.replace(WORRYING, (match) => paint(match === 'changed' ? 'red' : 'yellow', match));
}
