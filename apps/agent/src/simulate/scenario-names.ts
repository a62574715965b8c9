/**
 * The scenarios `simulate --scenario` plays out. A module of its own so that the command line can list and
 * check them without loading the scenarios themselves.
 */
export const SCENARIO_NAMES = ['case-a', 'case-b'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** A scenario, or `none`: the fleet stays healthy (noise aside). */
export type ScenarioChoice = ScenarioName | 'none';
export const SCENARIO_CHOICES: readonly ScenarioChoice[] = [...SCENARIO_NAMES, 'none'];

/** Case A had five PCs; a smaller fleet has all its PCs affected. */
export const DEFAULT_AFFECTED = 5;
