/**
 * Facts to introduce the agent with when the Host could not be read: hello requires facts, and an agent that
 * cannot read its PC must still connect, to report exactly that (its checks are `unknown`).
 */
import { hostname } from 'node:os';
import type { HostFacts } from '@fleetmedic/protocol';
import { AGENT_VERSION } from '../version';

export function unknownFacts(name: string = hostname()): HostFacts {
  return {
    hostname: name,
    osCaption: '',
    osVersion: '',
    osBuild: '',
    edition: '',
    architecture: '',
    domain: null,
    installedKbs: [],
    agentVersion: AGENT_VERSION,
    tags: [],
    site: null,
    watchedRegistryKeys: {},
    pendingReboot: false,
    lastBootAt: null,
  };
}
