/**
 * The `fleetmedic-agent` command line: enroll, run, simulate, explain. Each command's code is loaded only when that
 * command runs, so that `run` does not pay in memory for what `simulate` or `enroll` need.
 */
import { Command, Option } from 'commander';
import type { EnrollCommandOptions } from './cli/enroll-command';
import type { ExplainCommandOptions } from './cli/explain-command';
import { createCliLogger } from './cli/logger';
import { nonNegativeInteger, playbookList, positiveInteger, remediationSwitch } from './cli/option-parsers';
import type { RunCommandOptions } from './cli/run-command';
import type { SimulateCommandOptions } from './cli/simulate-command';
import { nonNegativeNumber, simulateOptionsProblem } from './cli/simulate-options';
import { defaultStateDir } from './cli/state-dir';
import type { Logger } from './logging/logger';
import { DEFAULT_AFFECTED, SCENARIO_CHOICES } from './simulate/scenario-names';
import { AGENT_VERSION } from './version';

interface GlobalOptions {
  logLevel: string;
}

const program = new Command('fleetmedic-agent')
  .description(
    'FleetMedic agent: watches this PC’s services, updates and settings and reports them to the server.',
  )
  .version(AGENT_VERSION)
  .addOption(
    new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
      .env('LOG_LEVEL')
      .default('info'),
  )
  .showHelpAfterError('(run with --help for usage)');

const serverOption = (): Option =>
  new Option(
    '--server <url>',
    'the FleetMedic server, e.g. http://fleetmedic.example:8080',
  ).makeOptionMandatory();
const secretOption = (): Option =>
  new Option('--enroll-secret <secret>', 'the fleet’s enrollment secret')
    .env('FLEETMEDIC_ENROLL_SECRET')
    .makeOptionMandatory();
const remediationOption = (what: string): Option =>
  new Option(
    '--remediation <on|off>',
    `whether ${what} remediation jobs the server sends (signed with the key pinned at enrollment, approved by an operator); default on`,
  ).argParser(remediationSwitch);
const allowPlaybooksOption = (): Option =>
  new Option(
    '--allow-playbooks <ids>',
    'the playbooks allowed, comma-separated (spooler-rpc-internet, catroot2-repair, reset-windows-update-components), or all; default all',
  ).argParser(playbookList);
const seedOption = (): Option =>
  new Option('--seed <n>', 'seed of the simulated PCs (same seed, same PCs)')
    .argParser(nonNegativeInteger)
    .default(1);

program
  .command('enroll')
  .description('enroll this agent with the server and store its credentials in the state directory')
  .addOption(serverOption())
  .addOption(secretOption())
  .option('--state-dir <dir>', 'where credentials and the outbox live', defaultStateDir('agent'))
  .option('--simulated', 'enroll as the simulated PC that `run --simulated` runs', false)
  .addOption(seedOption())
  .action(async (options: EnrollCommandOptions, command: Command) => {
    const { enrollCommand } = await import('./cli/enroll-command.js');
    await enrollCommand(options, loggerFor(command));
  });

program
  .command('run')
  .description('run the agent until stopped (SIGINT/SIGTERM)')
  .option('--state-dir <dir>', 'where credentials and the outbox live', defaultStateDir('agent'))
  .option('--simulated', 'observe a simulated PC instead of this one', false)
  .addOption(seedOption())
  .option('--probe-interval <ms>', 'how often to probe the PC', positiveInteger)
  .option('--tag <tag...>', 'tags reported for this PC (e.g. finance floor-3)')
  .option('--site <site>', 'the site this PC belongs to (e.g. Beijing-HQ)')
  .addOption(remediationOption('this PC runs'))
  .addOption(allowPlaybooksOption())
  .addHelpText(
    'after',
    '\nThe remediation options are kept in the state directory (remediation-policy.json): later runs without them keep them.',
  )
  .action(async (options: RunCommandOptions, command: Command) => {
    const { runCommand } = await import('./cli/run-command.js');
    await runCommand(options, loggerFor(command));
  });

program
  .command('simulate')
  .description('run a fleet of simulated PCs against a server, one agent and connection each, until stopped')
  .addOption(serverOption())
  .addOption(secretOption())
  .requiredOption('--hosts <n>', 'how many simulated PCs', positiveInteger)
  .option('--state-dir <dir>', 'where each PC’s credentials and outbox live', defaultStateDir('simulate'))
  .option('--probe-interval <ms>', 'how often each PC is probed (default 5000)', positiveInteger)
  .option(
    '--snapshot-interval <ms>',
    'how often each PC sends a full snapshot (default 300000)',
    positiveInteger,
  )
  .addOption(seedOption())
  .addOption(
    new Option(
      '--scenario <name>',
      'a field case to play out once every PC has reported: case-a (spooler, 0x80070057) or case-b (KB5005030, 0x8e5e03fa)',
    )
      .choices(SCENARIO_CHOICES)
      .default('none'),
  )
  .option(
    '--affected <k>',
    `how many PCs the scenario breaks, chosen from the seed (default ${DEFAULT_AFFECTED}, or every PC of a smaller fleet)`,
    positiveInteger,
  )
  .option(
    '--noise <rate>',
    'unrelated one-off failures per PC per minute (e.g. 0.05), plus a few flapping services; 0: none',
    nonNegativeNumber,
    0,
  )
  .option(
    '--scenario-delay <ms>',
    'how long to wait, once every PC has reported its first snapshot, before the scenario starts (default 0)',
    nonNegativeInteger,
  )
  .option(
    '--recover-after <ms>',
    'fix the affected PCs this long after the scenario started',
    positiveInteger,
  )
  .addOption(remediationOption('the simulated PCs run'))
  .addOption(allowPlaybooksOption())
  .action(async (options: SimulateCommandOptions, command: Command) => {
    const problem = simulateOptionsProblem(options);
    if (problem !== null) command.error(`error: ${problem}`);
    const { simulateCommand } = await import('./cli/simulate-command.js');
    await simulateCommand(options, loggerFor(command));
  });

program
  .command('explain')
  .description(
    'read a captured Windows output (CBS.log, sc/PowerShell service output, event XML or text, DISM, WindowsUpdate.log, ' +
      'esentutl, reg query / .reg, installed updates) and print what it shows: services, updates, decoded error codes, ' +
      'evidence lines and matching known issues',
  )
  .argument('<file>', 'the file to read')
  .option('--json', 'print the report as JSON (the contract in docs/explain.md)', false)
  .option('--kind <kind>', 'read the file as this kind instead of detecting it')
  .option(
    '--code-page <n>',
    'the console code page the output was written in, e.g. 936 or 866',
    positiveInteger,
  )
  .addOption(
    new Option('--lang <lang>', 'language of meanings and diagnoses').choices(['en', 'zh-CN']).default('en'),
  )
  .action(async (file: string, options: ExplainCommandOptions) => {
    const { explainCommand } = await import('./cli/explain-command.js');
    await explainCommand(file, options);
  });

function loggerFor(command: Command): Logger {
  return createCliLogger(command.optsWithGlobals<GlobalOptions>().logLevel);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`fleetmedic-agent: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
