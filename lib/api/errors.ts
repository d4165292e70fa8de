import type { SpecProblem } from './issues.js';

/** A spec that cannot be synthesized; `problems` names every offending field. */
export class ClusterSpecError extends Error {
  public readonly problems: readonly SpecProblem[];

  constructor(cluster: string, problems: readonly SpecProblem[]) {
    super(
      `RedisEnterpriseCluster "${cluster}" is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ClusterSpecError';
    this.problems = problems;
  }
}
