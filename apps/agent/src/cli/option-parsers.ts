/** Parsers for CLI options that reject nonsense with a message naming the option and the bad value. */
import { InvalidArgumentError } from 'commander';
import { parsePlaybookList, parseRemediationSwitch } from '../remediation/local-policy';

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a whole number above 0');
  return parsed;
}

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a whole number, 0 or more');
  return parsed;
}

/** `--remediation on|off`. */
export function remediationSwitch(value: string): boolean {
  return asArgumentError(() => parseRemediationSwitch(value));
}

/** `--allow-playbooks id,id|all`. */
export function playbookList(value: string): readonly string[] | 'all' {
  return asArgumentError(() => parsePlaybookList(value));
}

function asArgumentError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
