import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const snippets = (path: string) => [...read(path).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const docs = () =>
  readdirSync(new URL('../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `../docs/${name}`);

test('the README and its docs have exactly five TypeScript snippets, each kept in a checked file', () => {
  expect(snippets('../README.md')).toHaveLength(1);
  expect(snippets('../docs/redaction.md')).toHaveLength(1);
  expect(snippets('../docs/verifier.md')).toHaveLength(1);
  expect(snippets('../docs/clients.md')).toHaveLength(1);
  expect(snippets('../docs/route-protection.md')).toHaveLength(1);
  expect(['../README.md', ...docs()].flatMap(snippets)).toHaveLength(5);
});

test('the README opening snippet is the type-checked telemetry setup, word for word', () => {
  expect(snippets('../README.md')[0]).toBe(read('../../../test/integration/src/readme-snippet.ts'));
});

test('the leak scanner snippet (docs/redaction.md) is a test of the integration suite, word for word', () => {
  expect(snippets('../docs/redaction.md')[0]).toBe(
    read('../../../test/integration/test/readme-leak-scanner.test.ts'),
  );
});

test('the verifier snippet (docs/verifier.md) is the type-checked example file, word for word', () => {
  expect(snippets('../docs/verifier.md')[0]).toBe(
    read('../../../examples/verify-token/src/readme-snippet.ts'),
  );
});

test('the gRPC snippet (docs/clients.md) is the type-checked integration file, word for word', () => {
  expect(snippets('../docs/clients.md')[0]).toBe(read('../../../test/integration/src/grpc-snippet.ts'));
});

test('the route protection snippet (docs/route-protection.md) is the checked and run test file, word for word', () => {
  expect(snippets('../docs/route-protection.md')[0]).toBe(
    read('route-protection/readme-snippet.ts').replace("from '../../src/index.js'", "from 'otel-jwt'"),
  );
});
