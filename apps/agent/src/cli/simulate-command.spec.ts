/** What `simulate` tells its user about a scenario: which PCs broke, how much noise, when they recovered. */
import { SimulatedHost } from '../host/simulated/simulated-host';
import { startScenario } from '../simulate/scenarios';
import { scenarioRecoveredLine, scenarioStartedLine } from './simulate-command';

describe('simulate output', () => {
  it('names the scenario, its PCs and the noise', () => {
    const hosts = Array.from({ length: 20 }, (_, index) => new SimulatedHost({ seed: 1, index }));
    const run = startScenario({ hosts }, { scenario: 'case-a', affected: 3, noise: 0.02 });
    run.stop();
    const names = run.affectedHosts.map((host) => host.hostname);
    expect(scenarioStartedLine(run, 20)).toBe(
      'scenario started: case A (Rpc\\Internet key present, Print Spooler fails to start with 0x80070057) ' +
        `on 3 of 20 PCs: ${names.join(', ')}; noise: 0.02 unrelated failures per PC per minute, 1 flapping PC`,
    );
    expect(scenarioRecoveredLine(run)).toBe('scenario case-a: the 3 affected PCs recovered');
  });

  it('says when there is noise and no scenario', () => {
    const hosts = Array.from({ length: 120 }, (_, index) => new SimulatedHost({ seed: 1, index }));
    const run = startScenario({ hosts }, { scenario: 'none', noise: 0.1 });
    run.stop();
    expect(scenarioStartedLine(run, 120)).toBe(
      'scenario started: no scenario; noise: 0.1 unrelated failures per PC per minute, 3 flapping PCs',
    );
  });
});
