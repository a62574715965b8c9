import { AppError } from '../common/app-error';

export enum IncidentsErrorCode {
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
}

export class IncidentsError extends AppError<IncidentsErrorCode> {
  constructor(
    readonly code: IncidentsErrorCode,
    message: string,
  ) {
    super(message);
  }

  static notFound(id: string): IncidentsError {
    return new IncidentsError(
      IncidentsErrorCode.IncidentNotFound,
      `No incident has the id ${id}. List incidents with GET /api/incidents?status=all.`,
    );
  }
}
