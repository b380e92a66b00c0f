// Every integration scenario, run by vitest on Node 24 (SDK 3.x) and by node:test on Node 20 (SDK 2.x).
import { baggageScenarios } from './scenarios-baggage.ts';
import { baselineScenarios } from './scenarios-baseline.ts';
import { garbageScenarios } from './scenarios-garbage.ts';
import { redactionScenarios } from './scenarios-redaction.ts';
import { settingsScenarios } from './scenarios-settings.ts';
import { subjectScenarios } from './scenarios-subject.ts';

export type { Scenario } from './scenario-kit.ts';

export const scenarios = [
  ...baselineScenarios,
  ...subjectScenarios,
  ...baggageScenarios,
  ...settingsScenarios,
  ...garbageScenarios,
  ...redactionScenarios,
];
