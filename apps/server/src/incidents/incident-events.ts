/** In-process news about incidents (opened, grew, acknowledged, resolved, reopened), for live pushes and alerts. */
import { Injectable } from '@nestjs/common';
import type { IncidentSummary } from '@fleetmedic/protocol';
import { Subject } from 'rxjs';

@Injectable()
export class IncidentEvents {
  private readonly subject = new Subject<IncidentSummary>();
  readonly updated$ = this.subject.asObservable();

  updated(incident: IncidentSummary): void {
    this.subject.next(incident);
  }
}
