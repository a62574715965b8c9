/** REST shape of the known-issue catalog (`GET /api/known-issues`). */
import { z } from 'zod';

const localizedSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });

export const knownIssueSchema = z.strictObject({
  id: z.string(),
  title: localizedSchema,
  /** `check:target:code`; the target `*` matches any target. */
  fingerprints: z.array(z.string()),
  /** What confirms it on a PC, in words. */
  confirmingEvidence: z.array(localizedSchema),
  watchRegistryKeys: z.array(z.string()),
  diagnosis: localizedSchema,
  fix: localizedSchema,
  playbook: z.string().nullable(),
  risk: z.enum(['low', 'medium', 'high']),
  source: z.string(),
  seeAlso: z.array(z.string()),
});
export type KnownIssueView = z.infer<typeof knownIssueSchema>;

export const knownIssueListSchema = z.strictObject({
  /** Bumped whenever an entry is added, removed or changes what it matches. */
  catalogVersion: z.number().int().positive(),
  knownIssues: z.array(knownIssueSchema),
});
export type KnownIssueList = z.infer<typeof knownIssueListSchema>;
