import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

test('the README snippet is the type-checked example file, word for word', () => {
  const readme = read('../README.md');
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet).toBe(read('../../../examples/verify-token/src/readme-snippet.ts'));
});
