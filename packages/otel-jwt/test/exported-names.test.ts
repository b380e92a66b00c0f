// The published entry points keep their names: every name `otel-jwt` and `otel-jwt/testing` export
// (values and types) is listed in exported-names.json, written when the source was reorganised into
// folders. A name added or removed on purpose is a change to that list, seen in review.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const listed = JSON.parse(readFileSync(new URL('exported-names.json', import.meta.url), 'utf8')) as Record<
  string,
  string[]
>;

/** Every name an entry file exports, as the type checker sees it: values, types and re-exports. */
function exportedNames(entry: string): string[] {
  const file = `${root}src/${entry}`;
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (symbol === undefined) throw new Error(`no module symbol for ${entry}`);
  return checker
    .getExportsOfModule(symbol)
    .map((exported) => exported.getName())
    .sort();
}

describe('exported names', () => {
  for (const entry of Object.keys(listed)) {
    test(`${entry} exports exactly the names listed for it`, () => {
      expect(exportedNames(entry)).toEqual(listed[entry]);
    });
  }
});
