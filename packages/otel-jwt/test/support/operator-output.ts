import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { WARNING_TYPE } from '../../src/internal/operator-notice.js';

// What an operator sees of otel-jwt's messages under the setups a service starts with by default:
// NodeSDK installs no diag logger unless OTEL_LOG_LEVEL is set (sdk.ts: `if (logLevel != null)
// diag.setLogger(...)`), startNodeSdk installs a console logger at `info` unless told otherwise, and
// OTEL_LOG_LEVEL=warn is the quietest level that still shows warnings.

export const DEFAULT_SETUPS = [
  'NodeSDK without OTEL_LOG_LEVEL (no diag logger)',
  'startNodeSdk (diag logger at info)',
  'OTEL_LOG_LEVEL=warn (diag logger at warn)',
] as const;

export type DefaultSetup = (typeof DEFAULT_SETUPS)[number];

export interface OperatorOutput {
  /** The otel-jwt lines shown so far, as `<level> <message>` (process warnings after their tick). */
  lines(): Promise<string[]>;
  stop(): void;
}

/** Installs what `setup` installs, recording where a console logger or Node's warning printer would print. */
export function captureOperatorOutput(setup: DefaultSetup): OperatorOutput {
  const lines: string[] = [];
  diag.disable();
  const onWarning = (warning: Error) => {
    if (warning.name === WARNING_TYPE) lines.push(`warning ${warning.message}`);
  };
  if (setup === DEFAULT_SETUPS[0]) {
    process.on('warning', onWarning);
  } else {
    const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
    const logger: DiagLogger = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      verbose: record('verbose'),
    };
    const logLevel = setup === DEFAULT_SETUPS[1] ? DiagLogLevel.INFO : DiagLogLevel.WARN;
    diag.setLogger(logger, { logLevel, suppressOverrideMessage: true });
  }
  return {
    async lines() {
      // process.emitWarning emits on the next tick (not faked by vitest's fake timers).
      await new Promise((resolve) => process.nextTick(resolve));
      return lines.filter((line) => line.includes('otel-jwt'));
    },
    stop() {
      process.off('warning', onWarning);
      diag.disable();
    },
  };
}
