/** A check on a host moved from one outcome to another, or was seen for the first time: what ingest tells correlation. */
import type { Check, ObservationStatus } from '@fleetmedic/protocol';

export interface CheckTransition {
  hostId: string;
  check: Check;
  target: string;
  before: { status: ObservationStatus; code: string | null } | null;
  after: { status: ObservationStatus; code: string | null; evidence: readonly string[] };
  /** When the host observed the new outcome (ms since the epoch). */
  at: number;
}
