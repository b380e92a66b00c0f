// Every scenario of the transport matrix, run for each transport and sampler by test/transport-matrix.test.ts.
import type { MatrixScenario } from './matrix-kit.ts';
import { matrixBoundaryScenarios } from './matrix-scenarios-boundary.ts';
import { matrixSubjectScenarios } from './matrix-scenarios-subject.ts';

export const matrixScenarios: MatrixScenario[] = [...matrixSubjectScenarios, ...matrixBoundaryScenarios];
