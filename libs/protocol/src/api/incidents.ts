/** REST and live shapes of incidents: one fingerprint failing on a set of hosts. */
import { z } from 'zod';
import { idSchema, instantSchema, normalizedCodeSchema } from '../common';
import { CHECKS } from '../constants';

export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const localizedSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });
export type LocalizedString = z.infer<typeof localizedSchema>;

/** The failure's code, decoded once on the server from the knowledge library. */
export const decodedCodeSchema = z.strictObject({
  code: normalizedCodeSchema,
  symbol: z.string().nullable(),
  /** Every known name of the value (E_INVALIDARG, ERROR_INVALID_PARAMETER). */
  symbols: z.array(z.string()),
  /** win32, hresult, ntstatus, jet, windows-update, cbs. */
  family: z.string(),
  facility: z.string().nullable(),
  win32: z.number().int().nullable(),
  jet: z.number().int().nullable(),
  meaning: localizedSchema.nullable(),
  source: z.string().nullable(),
});
export type DecodedCode = z.infer<typeof decodedCodeSchema>;

export const incidentSummarySchema = z.strictObject({
  id: idSchema,
  /** `service:spooler:0x80070057`; `none` as code for a failure without one. */
  fingerprint: z.string(),
  check: z.enum(CHECKS),
  target: z.string(),
  code: normalizedCodeSchema.nullable(),
  status: z.enum(INCIDENT_STATUSES),
  /** Hosts that have failed this way during the incident. */
  hostCount: z.number().int().nonnegative(),
  /** Of those, hosts failing right now. */
  failingHostCount: z.number().int().nonnegative(),
  openedAt: instantSchema,
  resolvedAt: instantSchema.nullable(),
  updatedAt: instantSchema,
  acknowledgedAt: instantSchema.nullable(),
  /** The best-matching known issue's id and title, when one matches. */
  knownIssue: z.strictObject({ id: z.string(), title: localizedSchema, confirmed: z.boolean() }).nullable(),
  symbol: z.string().nullable(),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const incidentHostSchema = z.strictObject({
  hostId: idSchema,
  hostname: z.string(),
  online: z.boolean(),
  /** When this host started failing this way. */
  since: instantSchema,
  /** Null while it still fails; when it stopped failing otherwise. */
  recoveredAt: instantSchema.nullable(),
  /** The lines that show the failure on this host, verbatim. */
  evidence: z.array(z.string()),
});
export type IncidentHost = z.infer<typeof incidentHostSchema>;

/**
 * A host fact over-represented among the affected hosts: `registry:HKLM\Software\Microsoft\Rpc\Internet`
 * present on 5 of 5 affected hosts and 0 of 195 healthy ones.
 */
export const commonFactorSchema = z.strictObject({
  /** Stable key: `registry-key:<path>`, `os-build:<build>`, `kb:<KB>`, `tag:<tag>`, … */
  factor: z.string(),
  kind: z.enum([
    'registry-key',
    'registry-value',
    'os-build',
    'os-version',
    'edition',
    'kb',
    'agent-version',
    'tag',
    'site',
    'domain',
    'pending-reboot',
  ]),
  /** What people read, in English: `HKLM\Software\Microsoft\Rpc\Internet present`, `OS build 17763.2183`. */
  label: z.string(),
  /** The fact as reported, for any language to phrase with its kind: `HKLM\Software\Microsoft\Rpc\Internet`, `17763.2183`, `KB5005030`; empty for pending-reboot. */
  value: z.string(),
  affected: z.strictObject({ count: z.number().int(), total: z.number().int() }),
  healthy: z.strictObject({ count: z.number().int(), total: z.number().int() }),
  /** One-sided Fisher exact test: the chance of an over-representation at least this strong by luck. */
  pValue: z.number(),
  /** Share among affected hosts divided by share among healthy hosts (Infinity written as null). */
  lift: z.number().nullable(),
});
export type CommonFactor = z.infer<typeof commonFactorSchema>;

export const incidentKnownIssueSchema = z.strictObject({
  id: z.string(),
  title: localizedSchema,
  diagnosis: localizedSchema,
  fix: localizedSchema,
  playbook: z.string().nullable(),
  risk: z.enum(['low', 'medium', 'high']),
  source: z.string(),
  /** Whether evidence on the affected hosts confirms it, and on how many of them. */
  confirmed: z.boolean(),
  confirmedOnHosts: z.number().int().nonnegative(),
});
export type IncidentKnownIssue = z.infer<typeof incidentKnownIssueSchema>;

export const INCIDENT_EVENT_KINDS = [
  'opened',
  'host-joined',
  'host-recovered',
  'resolved',
  'reopened',
  'acknowledged',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

export const incidentEventSchema = z.strictObject({
  at: instantSchema,
  kind: z.enum(INCIDENT_EVENT_KINDS),
  hostId: idSchema.nullable(),
  hostname: z.string().nullable(),
  /** Hosts failing right after this event. */
  failingHostCount: z.number().int().nonnegative(),
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

export const incidentDetailSchema = incidentSummarySchema.extend({
  decoded: decodedCodeSchema.nullable(),
  hosts: z.array(incidentHostSchema),
  commonFactors: z.array(commonFactorSchema),
  knownIssues: z.array(incidentKnownIssueSchema),
  timeline: z.array(incidentEventSchema),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z.strictObject({ incidents: z.array(incidentSummarySchema) });
export type IncidentList = z.infer<typeof incidentListSchema>;

export const incidentListQuerySchema = z.strictObject({
  status: z
    .enum(['open', 'resolved', 'all'], { error: 'status must be open, resolved or all' })
    .default('open'),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

export const incidentIdParamSchema = z.strictObject({ id: idSchema });
