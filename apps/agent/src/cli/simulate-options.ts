/**
 * The options of `fleetmedic-agent simulate` that go together: checked before any PC enrolls, each problem
 * named by its options. Light on purpose: cli.ts loads it for every command.
 */
import { InvalidArgumentError } from 'commander';
import { SCENARIO_NAMES, type ScenarioChoice } from '../simulate/scenario-names';

export interface SimulateScenarioOptions {
  hosts: number;
  scenario: ScenarioChoice;
  affected?: number;
  noise: number;
  scenarioDelay?: number;
  recoverAfter?: number;
}

/** `--noise <rate>`: a rate such as 0.05, 0 or more. */
export function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a number, 0 or more (e.g. 0.05)');
  return parsed;
}

/** What is wrong with the combination, in the user's terms; null when nothing is. */
export function simulateOptionsProblem(options: SimulateScenarioOptions): string | null {
  const scenarios = SCENARIO_NAMES.join(' or ');
  if (options.scenario === 'none') {
    if (options.affected !== undefined) return `--affected needs --scenario ${scenarios}`;
    if (options.recoverAfter !== undefined) return `--recover-after needs --scenario ${scenarios}`;
    if (options.scenarioDelay !== undefined && options.noise === 0)
      return `--scenario-delay needs --scenario ${scenarios}, or --noise`;
    return null;
  }
  if (options.affected !== undefined && options.affected > options.hosts) {
    return `--affected ${options.affected} is more than --hosts ${options.hosts}: a scenario cannot break more PCs than the fleet has`;
  }
  return null;
}
