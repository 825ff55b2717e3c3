import { END_OF_TIME } from '@policy/domain';
import { PointInTime } from '@policy/projections';

/** asOf defaults to now (what is in force); knownAt to everything recorded so far. */
export const pointInTime = (query: { asOf?: string; knownAt?: string }): PointInTime => ({
  asOf: query.asOf ?? new Date().toISOString(),
  knownAt: query.knownAt ?? END_OF_TIME,
});
