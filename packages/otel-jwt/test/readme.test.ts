import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const snippets = () => [...read('../README.md').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);

test('the README has exactly three TypeScript snippets, each kept in a checked file', () => {
  expect(snippets()).toHaveLength(3);
});

test('the README opening snippet is the type-checked telemetry setup, word for word', () => {
  expect(snippets()[0]).toBe(read('../../../test/integration/src/readme-snippet.ts'));
});

test('the README leak scanner snippet is a test of the integration suite, word for word', () => {
  expect(snippets()[1]).toBe(read('../../../test/integration/test/readme-leak-scanner.test.ts'));
});

test('the README verifier snippet is the type-checked example file, word for word', () => {
  expect(snippets()[2]).toBe(read('../../../examples/verify-token/src/readme-snippet.ts'));
});
