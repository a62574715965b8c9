/** In-process news about rollouts and jobs, for live pushes to dashboards and for chat alerts. */
import { Injectable } from '@nestjs/common';
import type { JobView, RolloutView } from '@fleetmedic/protocol';
import { Subject } from 'rxjs';

@Injectable()
export class RemediationEvents {
  private readonly rollouts = new Subject<RolloutView>();
  private readonly jobs = new Subject<JobView>();
  /** A rollout was approved, entered its waves, halted, completed or was cancelled. */
  readonly rolloutUpdated$ = this.rollouts.asObservable();
  /** A job changed state, or one of its steps reported. */
  readonly jobUpdated$ = this.jobs.asObservable();

  rolloutUpdated(rollout: RolloutView): void {
    this.rollouts.next(rollout);
  }

  jobUpdated(job: JobView): void {
    this.jobs.next(job);
  }
}
