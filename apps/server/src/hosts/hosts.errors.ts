import { AppError } from '../common/app-error';

export enum HostsErrorCode {
  HostNotFound = 'HOST_NOT_FOUND',
}

export class HostsError extends AppError<HostsErrorCode> {
  constructor(
    readonly code: HostsErrorCode,
    message: string,
  ) {
    super(message);
  }

  static notFound(id: string): HostsError {
    return new HostsError(
      HostsErrorCode.HostNotFound,
      `No host has the id ${id}. List hosts with GET /api/hosts.`,
    );
  }
}
