/** The stream of check transitions, in commit order, for whoever correlates them. */
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { CheckTransition } from './check-transition';

@Injectable()
export class CheckTransitions {
  private readonly subject = new Subject<readonly CheckTransition[]>();
  readonly committed$ = this.subject.asObservable();

  publish(transitions: readonly CheckTransition[]): void {
    if (transitions.length > 0) this.subject.next(transitions);
  }
}
