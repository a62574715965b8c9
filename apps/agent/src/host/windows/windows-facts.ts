/**
 * Host facts from the facts script's JSON (commands/facts.ts): checked field by field, since it is data
 * from outside the agent, then shaped as the protocol's HostFacts.
 */
export interface OsFacts {
  hostname: string;
  osCaption: string;
  osVersion: string;
  /** `17763.2183`: build number and update build revision (UBR). */
  osBuild: string;
  edition: string;
  architecture: string;
  domain: string | null;
  lastBootAt: string | null;
  machineGuid: string | null;
}

export class UnreadableFactsError extends Error {
  constructor(reason: string) {
    super(`the host facts script printed something unexpected: ${reason}`);
    this.name = 'UnreadableFactsError';
  }
}

function field(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function parseOsFacts(json: string): OsFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UnreadableFactsError('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UnreadableFactsError('not an object');
  const record = parsed as Record<string, unknown>;
  const hostname = field(record, 'hostname');
  const buildNumber = field(record, 'buildNumber');
  if (hostname === null) throw new UnreadableFactsError('no hostname');
  if (buildNumber === null) throw new UnreadableFactsError('no build number');
  const ubr = field(record, 'ubr');
  const lastBoot = field(record, 'lastBootAt');
  const partOfDomain = record.partOfDomain === true;
  return {
    hostname,
    osCaption: field(record, 'caption') ?? '',
    osVersion: field(record, 'version') ?? '',
    osBuild: ubr === null ? buildNumber : `${buildNumber}.${ubr}`,
    edition: field(record, 'editionId') ?? '',
    architecture: field(record, 'architecture') ?? '',
    domain: partOfDomain ? field(record, 'domain') : null,
    lastBootAt:
      lastBoot !== null && !Number.isNaN(Date.parse(lastBoot)) ? new Date(lastBoot).toISOString() : null,
    machineGuid: field(record, 'machineGuid'),
  };
}
