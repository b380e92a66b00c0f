import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import type { Env } from '../../src/register/register-env-values.js';

/** An HMAC key no message may ever contain. */
export const REGISTER_SECRET = randomBytes(30).toString('base64url');

/** The two variables every configuration needs. */
export const REQUIRED_ENV: Env = { OTEL_JWT_ISSUER: 'https://idp.example', OTEL_JWT_AUDIENCE: 'orders' };

/** A temporary directory for `*_FILE` variables; `remove()` in afterAll. */
export function registerFiles(): { write(name: string, content: string | Buffer): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'otel-jwt-register-'));
  return {
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * `run()` throws a ConfigurationError whose message starts with `variable`, matches `fix` and holds
 * neither {@link REGISTER_SECRET} nor any of `secrets`.
 */
export function expectVariableError(
  run: () => unknown,
  variable: string,
  fix: RegExp,
  secrets: readonly string[] = [],
): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const { message, code } = error as ConfigurationError;
  expect(code).toBe('invalid_configuration');
  expect(message).toMatch(new RegExp(`^${variable}[ :,]`));
  expect(message).toMatch(fix);
  for (const secret of [REGISTER_SECRET, ...secrets]) expect(message).not.toContain(secret);
}
