/**
 * In-process news about hosts (presence, facts, check states changed) for whoever shows or reacts to them:
 * the live push to dashboards today, correlation tomorrow. Publishers never know their subscribers.
 */
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

@Injectable()
export class HostEvents {
  private readonly changedSubject = new Subject<string[]>();
  /** Ids of hosts whose summary may have changed. */
  readonly changed$ = this.changedSubject.asObservable();

  hostsChanged(hostIds: Iterable<string>): void {
    const ids = [...new Set(hostIds)];
    if (ids.length > 0) this.changedSubject.next(ids);
  }
}
