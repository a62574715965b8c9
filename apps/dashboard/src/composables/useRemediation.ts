/**
 * The fix of one incident for its page: the plan an approval would run (`GET …/remediation-plan`), the
 * incident's rollouts and the jobs of the one shown, live from the remediation store; approving and
 * cancelling. Hosts' online state follows the fleet store live; the plan is read again shortly after the
 * incident changes (hosts join or recover), a rollout of it starts or ends, or one of its PCs goes offline or
 * comes back (the canary is the server's choice among the PCs online).
 */
import type { JobView, RemediationPlan, RolloutView } from '@fleetmedic/protocol';
import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { getRemediationPlan } from '../api/remediation';
import { RefreshScheduler } from '../incidents/refresh-scheduler';
import {
  type ApprovalInput,
  approvalBlocker,
  approveRequestOf,
  canCancel,
  runningRollout,
} from '../remediation/approval';
import { useAuthStore } from '../stores/auth';
import { useFleetStore } from '../stores/fleet';
import { useIncidentsStore } from '../stores/incidents';
import { useRemediationStore } from '../stores/remediation';

/** How long after a change the plan is read again; changes meanwhile join the same read. */
export const PLAN_REFRESH_DELAY_MS = 500;

export interface PlanHostView {
  hostId: string;
  hostname: string;
  online: boolean;
  failing: boolean;
  canary: boolean;
}

export function useRemediation(incidentId: Ref<string>) {
  const auth = useAuthStore();
  const fleet = useFleetStore();
  const incidents = useIncidentsStore();
  const remediation = useRemediationStore();

  const plan = shallowRef<RemediationPlan | null>(null);
  const planLoading = ref(false);
  const planError = shallowRef<ApiRequestError | null>(null);
  const approving = ref(false);
  const approveError = shallowRef<ApiRequestError | null>(null);
  const cancelling = ref(false);
  const cancelError = shallowRef<ApiRequestError | null>(null);
  let controller: AbortController | null = null;

  async function loadPlan(quiet = false): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    if (!quiet) {
      planLoading.value = true;
      planError.value = null;
    }
    try {
      plan.value = await getRemediationPlan(incidentId.value, current.signal);
      planError.value = null;
    } catch (failure) {
      if (isAbort(failure)) return;
      if (!quiet) plan.value = null;
      planError.value = asApiRequestError(failure);
    } finally {
      if (controller === current) {
        controller = null;
        planLoading.value = false;
      }
    }
  }

  const planRefresh = new RefreshScheduler(() => loadPlan(true), PLAN_REFRESH_DELAY_MS);

  watch(
    incidentId,
    (id, _previous, onCleanup) => {
      planRefresh.cancel();
      approveError.value = null;
      cancelError.value = null;
      void loadPlan();
      onCleanup(remediation.watchIncident(id));
    },
    { immediate: true },
  );
  incidents.$onAction(({ name, args }) => {
    if (name === 'applyIncidentUpdate' && args[0].id === incidentId.value) planRefresh.request();
  });
  // A reconnection reloads the rollouts; the plan may have changed in the gap too.
  remediation.$onAction(({ name }) => {
    if (name === 'reload') planRefresh.request();
  });
  onScopeDispose(() => {
    planRefresh.dispose();
    controller?.abort();
  });

  // Never the previous incident's plan under the next one's address.
  const currentPlan = computed(() => (plan.value?.incidentId === incidentId.value ? plan.value : null));
  const rollouts = computed<RolloutView[]>(() => remediation.rolloutsOf(incidentId.value));
  const running = computed(() => runningRollout(currentPlan.value, rollouts.value));
  /** The rollout the page shows: the running one, else the latest. */
  const rollout = computed<RolloutView | null>(() =>
    running.value ? running.value.rollout : (rollouts.value[0] ?? null),
  );
  const earlierRollouts = computed(() => rollouts.value.filter((other) => other.id !== rollout.value?.id));
  const jobs = computed<JobView[]>(() => (rollout.value ? remediation.jobsOf(rollout.value.id) : []));

  // A rollout starting or ending changes the plan (its active rollout, which hosts still fail).
  watch(
    () => rollouts.value.map((known) => `${known.id}:${known.status}`).join(','),
    (now, before) => {
      if (before !== undefined && now !== before) planRefresh.request();
    },
  );

  const canApprove = computed(() => auth.can('approver'));
  const blocker = computed(() =>
    currentPlan.value ? approvalBlocker(currentPlan.value, running.value !== null, canApprove.value) : null,
  );
  const cancellable = computed(() => (rollout.value ? canCancel(rollout.value, canApprove.value) : false));

  const hosts = computed<PlanHostView[]>(() => {
    const shown = currentPlan.value;
    if (!shown) return [];
    return shown.hosts.map((host) => ({
      hostId: host.hostId,
      hostname: host.hostname,
      online: fleet.hostById(host.hostId)?.online ?? host.online,
      failing: host.failing,
      canary: host.hostId === shown.canaryHostId,
    }));
  });

  // A PC going offline or coming back changes which one the server would take as the canary: ask it again.
  watch(
    () => hosts.value.map((host) => `${host.hostId}:${host.online}`).join(','),
    (now, before) => {
      if (before !== undefined && before !== '' && now !== before) planRefresh.request();
    },
  );

  async function approve(input: ApprovalInput): Promise<boolean> {
    const shown = currentPlan.value;
    if (!shown) return false;
    approving.value = true;
    approveError.value = null;
    try {
      await remediation.approve(shown.incidentId, approveRequestOf(shown, input));
      planRefresh.request();
      return true;
    } catch (failure) {
      approveError.value = asApiRequestError(failure);
      // A 409 says the plan moved on (another approver was faster, the playbook went): show it as it is.
      planRefresh.request();
      return false;
    } finally {
      approving.value = false;
    }
  }

  async function cancel(): Promise<void> {
    const shown = rollout.value;
    if (!shown) return;
    cancelling.value = true;
    cancelError.value = null;
    try {
      await remediation.cancel(shown);
    } catch (failure) {
      cancelError.value = asApiRequestError(failure);
    } finally {
      cancelling.value = false;
    }
  }

  return {
    plan: currentPlan,
    planLoading,
    planError,
    reloadPlan: () => loadPlan(),
    hosts,
    rollout,
    /** The id of a running rollout not loaded yet (the plan named it): its progress is on its way. */
    pendingRolloutId: computed(() => (running.value && !running.value.rollout ? running.value.id : null)),
    earlierRollouts,
    jobs,
    rolloutsLoaded: computed(() => remediation.isLoaded(incidentId.value)),
    rolloutsError: computed(() => remediation.errorOf(incidentId.value)),
    reloadRollouts: () => remediation.loadIncident(incidentId.value),
    blocker,
    canApprove,
    cancellable,
    approving,
    approveError,
    approve,
    cancelling,
    cancelError,
    cancel,
  };
}
