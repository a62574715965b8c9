/**
 * The dashboard's one live connection: socket.io namespace `/live` on the same origin, opened once someone
 * is signed in (the session cookie goes with the handshake) and closed when they sign out. `host.updated`
 * goes into the fleet store, `fleet.sample` into the history store, `incident.updated` into the incidents
 * store, `rollout.updated` and `job.updated` into the remediation store. Every (re)connection refetches
 * hosts, history, incidents and the rollouts a page watches, because whatever was pushed while we were
 * away is lost. A refusal for want of a session ends the connection and says so; it is not retried.
 * The server also closes the connection when the person's credentials change (signed out elsewhere, role
 * changed, user disabled): then, and on every reconnection, the app is told to ask who is signed in now.
 */
import { ConnectRefusal, LIVE_NAMESPACE, LiveEvent } from '@fleetmedic/protocol/constants';
import type { LiveClientToServerEvents, LiveServerToClientEvents } from '@fleetmedic/protocol';
import { io, type Socket } from 'socket.io-client';
import { readonly, ref, type Ref } from 'vue';
import { useFleetStore } from '../stores/fleet';
import { useHistoryStore } from '../stores/history';
import { useIncidentsStore } from '../stores/incidents';
import { useRemediationStore } from '../stores/remediation';

export type LiveState = 'live' | 'reconnecting' | 'off';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** When the server itself refuses or drops us, socket.io does not retry on its own: we do, after this. */
const MANUAL_RETRY_MS = 5_000;

const state = ref<LiveState>('off');
/** False until the first successful connection, so the header can say "connecting" rather than "reconnecting". */
const everConnected = ref(false);
let stopConnection: (() => void) | undefined;

export function useLiveUpdates(): { state: Readonly<Ref<LiveState>>; everConnected: Readonly<Ref<boolean>> } {
  return { state: readonly(state), everConnected: readonly(everConnected) };
}

export interface LiveSessionHandlers {
  /** The server refused the connection for want of a valid session: it is closed and not retried. */
  onSessionGone: () => void;
  /**
   * The session may have ended or changed: the server closed the connection itself (it does when the
   * person's credentials change), or the connection came back after a gap in which a change went unseen.
   */
  recheckSession: () => void;
}

/** Opens the live connection (once). */
export function startLiveUpdates(handlers: LiveSessionHandlers): void {
  stopConnection ??= connectLive({
    onSessionGone: () => {
      stopLiveUpdates();
      handlers.onSessionGone();
    },
    recheckSession: handlers.recheckSession,
  });
}

export function stopLiveUpdates(): void {
  stopConnection?.();
  stopConnection = undefined;
  state.value = 'off';
  everConnected.value = false;
}

function connectLive({ onSessionGone, recheckSession }: LiveSessionHandlers): () => void {
  const fleet = useFleetStore();
  const history = useHistoryStore();
  const incidents = useIncidentsStore();
  const remediation = useRemediationStore();
  state.value = 'reconnecting';

  const socket: LiveSocket = io(LIVE_NAMESPACE, {
    // WebSocket first; fall back to long-polling where a proxy blocks WebSocket upgrades.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    withCredentials: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const retryLater = (): void => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => socket.connect(), MANUAL_RETRY_MS);
  };

  socket.on('connect', () => {
    state.value = 'live';
    if (everConnected.value) recheckSession();
    everConnected.value = true;
    // Also on the first connection: closes the gap between the page's first fetch and the subscription.
    void fleet.loadHosts();
    void history.loadHistory();
    void incidents.reload();
    void remediation.reload();
  });
  socket.on('disconnect', (reason) => {
    if (state.value === 'off') return;
    state.value = 'reconnecting';
    // The server closed us (credentials changed, a restart): try again; a refusal will say why.
    if (reason === 'io server disconnect') {
      retryLater();
      recheckSession();
    }
  });
  socket.on('connect_error', (error) => {
    if ((error as { data?: { code?: string } }).data?.code === ConnectRefusal.Unauthenticated) {
      onSessionGone();
      return;
    }
    state.value = 'reconnecting';
    // `active` is false when the server refused the connection (middleware); the manager will not retry.
    if (!socket.active) retryLater();
  });

  socket.on(LiveEvent.HostUpdated, (host) => fleet.applyHostUpdate(host));
  socket.on(LiveEvent.FleetSample, (sample) => history.appendSample(sample));
  socket.on(LiveEvent.IncidentUpdated, (incident) => incidents.applyIncidentUpdate(incident));
  socket.on(LiveEvent.RolloutUpdated, (rollout) => remediation.applyRolloutUpdate(rollout));
  socket.on(LiveEvent.JobUpdated, (job) => remediation.applyJobUpdate(job));

  return () => {
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.close();
  };
}
