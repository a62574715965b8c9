import { AppError } from '../common/app-error';

export enum UsersErrorCode {
  UserNotFound = 'USER_NOT_FOUND',
  UsernameTaken = 'USERNAME_TAKEN',
  LastAdmin = 'LAST_ADMIN',
}

export class UsersError extends AppError<UsersErrorCode> {
  constructor(
    readonly code: UsersErrorCode,
    message: string,
  ) {
    super(message);
  }
}
