// vitest's global setup (its named `setup` export): runs the demo once, before any test file, and
// provides its output to all of them.
import type { TestProject } from 'vitest/node';
import { type DemoOutput, runDemoOnce } from './demo-fixture.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demo: DemoOutput;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { output, close } = await runDemoOnce();
  project.provide('demo', output);
  return close;
}
