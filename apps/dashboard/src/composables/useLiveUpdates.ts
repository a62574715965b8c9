/**
 * The dashboard's one live connection: socket.io namespace `/live` on the same origin. `host.updated`
 * goes into the fleet store, `fleet.sample` into the history store, `incident.updated` into the incidents
 * store. Every (re)connection refetches hosts, history and incidents, because whatever was pushed while we
 * were away is lost.
 */
import { LIVE_NAMESPACE, LiveEvent } from '@fleetmedic/protocol/constants';
import type { LiveClientToServerEvents, LiveServerToClientEvents } from '@fleetmedic/protocol';
import { io, type Socket } from 'socket.io-client';
import { readonly, ref, type Ref } from 'vue';
import { useFleetStore } from '../stores/fleet';
import { useHistoryStore } from '../stores/history';
import { useIncidentsStore } from '../stores/incidents';

export type LiveState = 'live' | 'reconnecting';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** When the server itself refuses or drops us, socket.io does not retry on its own: we do, after this. */
const MANUAL_RETRY_MS = 5_000;

interface LiveConnection {
  state: Ref<LiveState>;
  /** False until the first successful connection, so the header can say "connecting" rather than "reconnecting". */
  everConnected: Ref<boolean>;
}

let connection: LiveConnection | null = null;

export function useLiveUpdates(): { state: Readonly<Ref<LiveState>>; everConnected: Readonly<Ref<boolean>> } {
  connection ??= connectLive();
  return { state: readonly(connection.state), everConnected: readonly(connection.everConnected) };
}

function connectLive(): LiveConnection {
  const fleet = useFleetStore();
  const history = useHistoryStore();
  const incidents = useIncidentsStore();
  const state = ref<LiveState>('reconnecting');
  const everConnected = ref(false);

  const socket: LiveSocket = io(LIVE_NAMESPACE, {
    // WebSocket first; fall back to long-polling where a proxy blocks WebSocket upgrades.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
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
    everConnected.value = true;
    // Also on the first connection: closes the gap between the page's first fetch and the subscription.
    void fleet.loadHosts();
    void history.loadHistory();
    void incidents.reload();
  });
  socket.on('disconnect', (reason) => {
    state.value = 'reconnecting';
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', () => {
    state.value = 'reconnecting';
    // `active` is false when the server refused the connection (middleware); the manager will not retry.
    if (!socket.active) retryLater();
  });

  socket.on(LiveEvent.HostUpdated, (host) => fleet.applyHostUpdate(host));
  socket.on(LiveEvent.FleetSample, (sample) => history.appendSample(sample));
  socket.on(LiveEvent.IncidentUpdated, (incident) => incidents.applyIncidentUpdate(incident));

  return { state, everConnected };
}
