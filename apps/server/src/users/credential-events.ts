/**
 * News that credentials stopped working (a logout, a revoked token, a disabled, changed or deleted user),
 * so that whoever holds long-lived connections made with them (the `/live` gateway) closes them at once.
 */
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

export type RevokedCredentials = { userId: string } | { sessionId: string } | { tokenId: string };

@Injectable()
export class CredentialEvents {
  private readonly revokedSubject = new Subject<RevokedCredentials>();
  readonly revoked$ = this.revokedSubject.asObservable();

  revoked(credentials: RevokedCredentials): void {
    this.revokedSubject.next(credentials);
  }
}
