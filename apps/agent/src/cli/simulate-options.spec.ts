/** `simulate`'s scenario options: each bad value or combination is named before any PC enrolls. */
import { InvalidArgumentError } from 'commander';
import { type SimulateScenarioOptions, nonNegativeNumber, simulateOptionsProblem } from './simulate-options';

const options = (overrides: Partial<SimulateScenarioOptions>): SimulateScenarioOptions => ({
  hosts: 20,
  scenario: 'none',
  noise: 0,
  ...overrides,
});

describe('simulate options', () => {
  it('takes a scenario on up to every PC, with or without noise, delay and recovery', () => {
    expect(simulateOptionsProblem(options({}))).toBeNull();
    expect(simulateOptionsProblem(options({ scenario: 'case-a' }))).toBeNull();
    expect(
      simulateOptionsProblem(
        options({ scenario: 'case-b', affected: 20, noise: 0.05, scenarioDelay: 0, recoverAfter: 60_000 }),
      ),
    ).toBeNull();
    expect(simulateOptionsProblem(options({ noise: 0.05, scenarioDelay: 5_000 }))).toBeNull();
  });

  it('names --affected when it is more than --hosts', () => {
    expect(simulateOptionsProblem(options({ scenario: 'case-a', hosts: 4, affected: 5 }))).toBe(
      '--affected 5 is more than --hosts 4: a scenario cannot break more PCs than the fleet has',
    );
  });

  it('names the options that mean nothing without a scenario', () => {
    expect(simulateOptionsProblem(options({ affected: 3 }))).toBe(
      '--affected needs --scenario case-a or case-b',
    );
    expect(simulateOptionsProblem(options({ recoverAfter: 1_000 }))).toBe(
      '--recover-after needs --scenario case-a or case-b',
    );
    expect(simulateOptionsProblem(options({ scenarioDelay: 1_000 }))).toBe(
      '--scenario-delay needs --scenario case-a or case-b, or --noise',
    );
  });

  it('reads a noise rate of 0 or more, and nothing else', () => {
    expect(nonNegativeNumber('0.05')).toBe(0.05);
    expect(nonNegativeNumber('0')).toBe(0);
    for (const bad of ['-0.1', 'often', '', 'Infinity']) {
      expect(() => nonNegativeNumber(bad)).toThrow(
        new InvalidArgumentError('expected a number, 0 or more (e.g. 0.05)'),
      );
    }
  });
});
