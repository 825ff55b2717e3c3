import {
  DeadlineExceededError,
  ErrorType,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { ConcurrencyError } from '@policy/domain';
import { revisionConflict } from '../expected-revision';
import { describeStreamState } from './kurrentdb-expected-revision';

/** Matches by the client's `type` tag too, so a second copy of the client module still counts. */
const hasErrorType = (error: unknown, type: ErrorType): boolean => error instanceof Error && (error as { type?: unknown }).type === type;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError || hasErrorType(error, ErrorType.WRONG_EXPECTED_VERSION);

export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError || hasErrorType(error, ErrorType.STREAM_NOT_FOUND);

/** The server could not be reached, or did not answer a unary call within the client's deadline. */
export const isUnavailable = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof DeadlineExceededError ||
  hasErrorType(error, ErrorType.UNAVAILABLE) ||
  hasErrorType(error, ErrorType.DEADLINE_EXCEEDED);

export const toConcurrencyError = (error: WrongExpectedVersionError, streamId: string): ConcurrencyError =>
  revisionConflict(error.streamName || streamId, describeStreamState(error.expectedState), describeStreamState(error.actualState));

/** What an append failure means to the service: a lost race is a ConcurrencyError, the rest as is. */
export const translateAppendError = (error: unknown, streamId: string): unknown =>
  isWrongExpectedVersion(error) ? toConcurrencyError(error, streamId) : error;
