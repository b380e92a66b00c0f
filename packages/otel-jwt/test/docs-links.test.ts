import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// Every relative link of the Markdown that users read must lead somewhere: to a file of the workspace and,
// with `#anchor`, to a heading of that file as GitHub names it. External links are not fetched.
const workspace = fileURLToPath(new URL('../../../', import.meta.url));
const packageDir = join(workspace, 'packages/otel-jwt');

const markdownIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => join(dir, name))
    : [];
const exampleReadmes = () =>
  readdirSync(join(workspace, 'examples'))
    .sort()
    .map((name) => join(workspace, 'examples', name, 'README.md'))
    .filter((path) => existsSync(path));
const optional = (path: string) => (existsSync(path) ? [path] : []);

const documents = [
  join(workspace, 'README.md'),
  join(workspace, 'bench/README.md'),
  join(packageDir, 'README.md'),
  ...optional(join(packageDir, 'ARCHITECTURE.md')),
  ...markdownIn(join(packageDir, 'docs')),
  ...exampleReadmes(),
];

/** Lines outside fenced code blocks, with the brackets and parentheses of inline code spans blanked. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      lines.push('');
    } else if (marker !== undefined) {
      fence = marker;
      lines.push('');
    } else {
      lines.push(
        line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_span, _ticks, code: string) =>
          code.replace(/[[\]()]/g, '_'),
        ),
      );
    }
  }
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

const anchorsCache = new Map<string, Set<string>>();
/** Every anchor of a Markdown file: its headings (repeats numbered as GitHub does) and HTML ids. */
function anchorsOf(path: string): Set<string> {
  const known = anchorsCache.get(path);
  if (known !== undefined) return known;
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (base: string) => {
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  };
  const lines = readFileSync(path, 'utf8').split('\n');
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    const previous = lines[index - 1] ?? '';
    if (atx !== null) add(slug(atx[1] ?? ''));
    else if (/^ {0,3}(=+|-+)[ \t]*$/.test(line) && /^ {0,3}[^\s#>|\-*+`~]/.test(previous))
      add(slug(previous));
    for (const id of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(id[1] ?? '');
  });
  anchorsCache.set(path, anchors);
  return anchors;
}

type Link = { line: number; target: string };

/** Inline links and images `[text](target)` and reference definitions `[name]: target`, outside code. */
function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  proseLines(markdown).forEach((line, index) => {
    for (const match of line.matchAll(
      /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g,
    )) {
      links.push({ line: index + 1, target: match[1] ?? '' });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(line);
    if (definition !== null) links.push({ line: index + 1, target: definition[1] ?? '' });
  });
  return links;
}

/** Why a link does not resolve, or undefined when it does (external links are not checked). */
function brokenBecause(from: string, target: string): string | undefined {
  if (target === '') return 'an empty link';
  if (/^[a-z][a-z\d+.-]*:/i.test(target)) return undefined;
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const file =
    pathPart === ''
      ? from
      : pathPart.startsWith('/')
        ? join(workspace, pathPart)
        : resolve(dirname(from), pathPart);
  if (!existsSync(file)) return `no file ${relative(workspace, file)}`;
  if (anchor === undefined) return undefined;
  if (statSync(file).isDirectory()) return `an anchor into the folder ${relative(workspace, file)}`;
  if (!file.endsWith('.md')) {
    const lines = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
    const count = readFileSync(file, 'utf8').split('\n').length;
    return lines !== null && Number(lines[2] ?? lines[1]) <= count
      ? undefined
      : `no line #${anchor} in ${relative(workspace, file)}`;
  }
  return anchorsOf(file).has(anchor) ? undefined : `no heading #${anchor} in ${relative(workspace, file)}`;
}

function brokenLinks(path: string): string[] {
  return linksOf(readFileSync(path, 'utf8')).flatMap(({ line, target }) => {
    const reason = brokenBecause(path, target);
    return reason === undefined ? [] : [`line ${line}: (${target}) leads nowhere: ${reason}`];
  });
}

describe('links of the Markdown users read', () => {
  test.each(documents.map((path) => relative(workspace, path)))(
    'every relative link in %s leads to an existing file and heading',
    (name) => {
      expect(brokenLinks(join(workspace, name))).toEqual([]);
    },
  );

  test('the package README links every page of docs/, and every page links back to it', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const pages = markdownIn(join(packageDir, 'docs'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const name = relative(packageDir, page);
      expect(
        linksOf(readme).map((link) => link.target.split('#')[0]),
        name,
      ).toContain(name);
      expect(
        linksOf(readFileSync(page, 'utf8')).map((link) => link.target),
        name,
      ).toContain('../README.md');
    }
  });
});

describe('the link check itself', () => {
  test('it finds links outside code only, and names headings as GitHub does', () => {
    const markdown = [
      'See [a](docs/a.md#one) and `[not](a link)`.',
      '```text',
      'removed[user.id](missing_proof)',
      '```',
      '[ref]: ../README.md',
    ].join('\n');
    expect(linksOf(markdown).map((link) => link.target)).toEqual(['docs/a.md#one', '../README.md']);
    expect(slug('Zero-code registration: `node --import otel-jwt/register`')).toBe(
      'zero-code-registration-node---import-otel-jwtregister',
    );
    expect(slug("`StaticKey` (in `{ type: 'static', keys: [...] }`)")).toBe(
      'statickey-in--type-static-keys--',
    );
    expect(slug('Threat model, in plain words')).toBe('threat-model-in-plain-words');
    expect(slug('`OTEL_JWT_*` variables')).toBe('otel_jwt_-variables');
  });

  test('it reports a missing file, a missing heading, an anchor into a folder and an empty link', () => {
    const readme = join(packageDir, 'README.md');
    expect(brokenBecause(readme, 'docs/no-such-page.md')).toMatch(/^no file /);
    expect(brokenBecause(readme, '#no-such-heading')).toMatch(/^no heading #no-such-heading/);
    expect(brokenBecause(readme, 'docs#x')).toMatch(/^an anchor into the folder/);
    expect(brokenBecause(readme, '')).toBe('an empty link');
    expect(brokenBecause(readme, '#install-and-support')).toBeUndefined();
    expect(brokenBecause(readme, 'https://example.invalid/nowhere')).toBeUndefined();
  });
});
