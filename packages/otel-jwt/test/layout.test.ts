// The package's folders and the one direction of their imports (ARCHITECTURE.md): a check that fails
// the test command when a file imports against the layers, when jose is imported outside keys/, or
// when any two source files import each other, directly or round a loop (type-only imports included).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
/** Files at the root of src besides the three entry points: shared by every folder. */
const SHARED = ['errors.ts', 'attribute-keys.ts'];
const ENTRIES = ['index.ts', 'testing.ts', 'register.ts'];
const LAYERS = ['internal', 'keys', 'revocation', 'verifier', 'propagator', 'sdk', 'register'];
/** What each part may import besides itself and the shared root files. */
const ALLOWED: Record<string, readonly string[]> = {
  internal: ['redaction/built-in-redaction.ts'],
  keys: ['internal'],
  revocation: ['keys', 'internal'],
  verifier: ['revocation', 'keys', 'internal'],
  redaction: ['internal'],
  propagator: ['verifier', 'revocation', 'keys', 'redaction', 'internal'],
  sdk: ['propagator', 'verifier', 'revocation', 'keys', 'redaction', 'internal'],
  register: ['sdk', 'propagator', 'verifier', 'revocation', 'keys', 'redaction', 'internal'],
  'leak-scanner': ['internal'],
  'route-protection': ['propagator', 'verifier', 'revocation', 'keys', 'redaction', 'internal'],
  'errors.ts': ['redaction/built-in-redaction.ts'],
  'attribute-keys.ts': [],
  'index.ts': [
    'sdk',
    'propagator',
    'verifier',
    'revocation',
    'keys',
    'redaction',
    'internal',
    'route-protection',
  ],
  'testing.ts': ['leak-scanner'],
  'register.ts': ['register', 'sdk', 'internal'],
};

/** Every source file by its path under src, with the src paths it imports and the packages it names. */
function sourceFiles(): Map<string, { readonly local: string[]; readonly packages: string[] }> {
  const files = new Map<string, { local: string[]; packages: string[] }>();
  for (const entry of readdirSync(SRC, { recursive: true }) as string[]) {
    const file = entry.split('\\').join('/');
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(SRC, file), 'utf8');
    const local: string[] = [];
    const packages: string[] = [];
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) packages.push(specifier);
      else local.push(normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts'));
    }
    files.set(file, { local, packages });
  }
  return files;
}

/** The part a file belongs to: its folder, or its own name for a file at the root. */
const partOf = (file: string) => (file.includes('/') ? (file.split('/')[0] as string) : file);

function offences(files: ReturnType<typeof sourceFiles>): string[] {
  const found: string[] = [];
  for (const [file, { local, packages }] of files) {
    const part = partOf(file);
    const allowed = ALLOWED[part];
    if (allowed === undefined) {
      found.push(`${file}: not in a known folder`);
      continue;
    }
    for (const target of local) {
      const to = partOf(target);
      const ok = to === part || SHARED.includes(target) || allowed.includes(to) || allowed.includes(target);
      if (!ok) found.push(`${file} imports ${target}`);
      if (!files.has(target)) found.push(`${file} imports ${target}, which does not exist`);
    }
    if (packages.some((name) => name === 'jose' || name.startsWith('jose/')) && part !== 'keys') {
      found.push(`${file} imports jose`);
    }
  }
  return found;
}

/** Import loops among source files, each as the files round it. */
function cycles(files: ReturnType<typeof sourceFiles>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of files.get(file)?.local ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (state.get(next) === undefined && files.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('layout', () => {
  const files = sourceFiles();

  test('src holds only the entry files, errors.ts and attribute-keys.ts at its root, the rest in part folders', () => {
    const root = [...files.keys()].filter((file) => !file.includes('/')).sort();
    expect(root).toEqual([...ENTRIES, ...SHARED].sort());
    const folders = new Set([...files.keys()].filter((file) => file.includes('/')).map(partOf));
    expect([...folders].sort()).toEqual([...LAYERS, 'redaction', 'leak-scanner', 'route-protection'].sort());
  });

  test('every import runs one way: register, sdk, propagator, verifier, revocation, keys, internal; redaction beside them', () => {
    expect(offences(files)).toEqual([]);
  });

  test('no two source files import each other, directly or round a loop', () => {
    expect(cycles(files)).toEqual([]);
  });

  test('the check finds an import against the layers, jose outside keys and a loop', () => {
    const planted = new Map(files);
    planted.set('keys/planted.ts', { local: ['verifier/verify-result.ts'], packages: [] });
    planted.set('verifier/planted.ts', { local: ['verifier/planted-too.ts'], packages: ['jose'] });
    planted.set('verifier/planted-too.ts', { local: ['verifier/planted.ts'], packages: [] });
    expect(offences(planted)).toEqual([
      'keys/planted.ts imports verifier/verify-result.ts',
      'verifier/planted.ts imports jose',
    ]);
    expect(cycles(planted)).toContainEqual([
      'verifier/planted.ts',
      'verifier/planted-too.ts',
      'verifier/planted.ts',
    ]);
  });
});
