/**
 * Benchmark agents: enroll over HTTP, connect to /agents over real socket.io and speak the protocol with
 * prebuilt observations, so that the server, not the load generator, is what is measured.
 */
'use strict';
const { randomBytes } = require('node:crypto');
const { io } = require('socket.io-client');
const { AGENTS_NAMESPACE, PROTOCOL_VERSION } = require('@fleetmedic/protocol/constants');

/** A UUIDv7 (RFC 9562), time-ordered like the agent's own ids. */
function uuidv7(at = Date.now()) {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function hostFacts(hostname) {
  return {
    hostname,
    osCaption: 'Microsoft Windows 10 企业版 LTSC',
    osVersion: '10.0.17763',
    osBuild: '17763.2183',
    edition: 'EnterpriseS',
    architecture: 'AMD64',
    domain: null,
    installedKbs: ['KB5005030'],
    agentVersion: 'bench',
    tags: [],
    site: null,
    watchedRegistryKeys: {},
    pendingReboot: false,
    lastBootAt: null,
  };
}

function serviceObservation(hostId, target, failing, code = '0x80070057') {
  return {
    id: uuidv7(),
    hostId,
    check: 'service',
    target,
    status: failing ? 'failing' : 'ok',
    code: failing ? code : null,
    codeOriginal: null,
    facts: {
      displayName: target,
      state: failing ? 'STOPPED' : 'RUNNING',
      startType: 'AUTO_START',
      win32ExitCode: failing ? 87 : 0,
      serviceSpecificExitCode: 0,
      pid: failing ? null : 4242,
    },
    evidence: failing ? [`${target} failed to start`] : [],
    observedAt: new Date().toISOString(),
    reason: 'change',
  };
}

async function enroll(serverUrl, secret, hostname) {
  const response = await fetch(`${serverUrl}/api/agents/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      enrollSecret: secret,
      hostname,
      agentVersion: 'bench',
      protocolVersion: PROTOCOL_VERSION,
    }),
  });
  if (response.status !== 201)
    throw new Error(`enrollment of ${hostname} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

async function connectAgent(serverUrl, secret, hostname) {
  const { agentId, agentToken } = await enroll(serverUrl, secret, hostname);
  const socket = io(`${serverUrl}${AGENTS_NAMESPACE}`, {
    auth: { agentId, token: agentToken, protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const hello = await socket.emitWithAck('hello', {
    agentVersion: 'bench',
    facts: hostFacts(hostname),
    sentAt: new Date().toISOString(),
  });
  if (!hello.ok) throw new Error(`hello refused: ${hello.error.message}`);
  return {
    agentId,
    socket,
    async send(observations) {
      const ack = await socket
        .timeout(60_000)
        .emitWithAck('observations', { batchId: uuidv7(), observations });
      if (!ack.ok) throw new Error(`batch refused: ${ack.error.code} ${ack.error.message}`);
      return ack;
    },
    close: () => socket.close(),
  };
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function mapLimit(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

module.exports = { uuidv7, serviceObservation, connectAgent, mapLimit };
