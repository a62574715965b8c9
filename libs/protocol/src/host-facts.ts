/** What an agent reports about its PC: the raw material of common-factor analysis. */
import { z } from 'zod';
import { instantSchema, kbSchema } from './common';

/** A registry key the agent is asked to watch, e.g. `HKLM\Software\Microsoft\Rpc\Internet`. */
export const watchedRegistryKeySchema = z.strictObject({
  present: z.boolean(),
  /** Value names and their data as `reg query` shows them; absent when the key is absent. */
  values: z.record(z.string().max(256), z.string().max(2000)).optional(),
});
export type WatchedRegistryKey = z.infer<typeof watchedRegistryKeySchema>;

export const hostFactsSchema = z.strictObject({
  hostname: z.string().min(1).max(255),
  /** Windows' own caption, localized, e.g. `Microsoft Windows 10 企业版 LTSC`. */
  osCaption: z.string().max(255),
  /** Major.minor.build, e.g. `10.0.17763`. */
  osVersion: z.string().max(64),
  /** Build with update revision, e.g. `17763.2183`. */
  osBuild: z.string().max(64),
  /** Edition id from the registry, e.g. `EnterpriseS`. */
  edition: z.string().max(64),
  architecture: z.string().max(32),
  domain: z.string().max(255).nullable(),
  installedKbs: z.array(kbSchema).max(2000),
  agentVersion: z.string().max(64),
  tags: z.array(z.string().min(1).max(64)).max(50),
  site: z.string().max(128).nullable(),
  watchedRegistryKeys: z.record(z.string().max(512), watchedRegistryKeySchema),
  pendingReboot: z.boolean(),
  lastBootAt: instantSchema.nullable(),
});
export type HostFacts = z.infer<typeof hostFactsSchema>;
