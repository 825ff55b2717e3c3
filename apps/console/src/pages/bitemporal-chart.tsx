import { DAY_MS, formatInstant } from '../time';
import { EventView, RuleView } from './rule-types';

const WIDTH = 760;
const HEIGHT = 340;
const M = { left: 96, right: 40, top: 16, bottom: 44 };
/** A recording this long after the change took effect is drawn as late. */
const LATE_MS = DAY_MS;

const STATUS_AFTER: Record<string, RuleView['status'] | undefined> = {
  RuleProposed: 'proposed',
  RuleApproved: 'approved',
  RulePaused: 'paused',
  RuleRescinded: 'rescinded',
  RuleAmended: undefined,
};

interface Version {
  readonly event: EventView;
  readonly status: RuleView['status'];
  readonly effective: number;
  readonly recorded: number;
}

const versionsOf = (events: readonly EventView[]): Version[] => {
  let status: RuleView['status'] = 'proposed';
  return events.map((event) => {
    status = STATUS_AFTER[event.type] ?? status;
    return { event, status, effective: Date.parse(event.effectiveAt), recorded: Date.parse(event.recordedAt) };
  });
};

/**
 * Both clocks on one chart: effective time across, recorded time up, on the same scale so that
 * the diagonal is "recorded the moment it took effect". Each version is the box of points
 * (asOf, knownAt) from which it is visible: right of its effective time and above its recording.
 * Boxes are painted in order, so a later version covers what it superseded and each shows
 * exactly where it held. A recording far above the diagonal was made late, and says by how much.
 */
export const BitemporalChart = ({ events, asOf, knownAt }: { events: readonly EventView[]; asOf?: string; knownAt?: string }) => {
  const versions = versionsOf(events);
  if (versions.length === 0) return null;
  const point = { x: asOf ? Date.parse(asOf) : Date.now(), y: knownAt && !knownAt.startsWith('9999') ? Date.parse(knownAt) : undefined };
  const times = versions.flatMap((v) => [v.effective, v.recorded]).concat(point.x, point.y ?? []);
  const low = Math.min(...times);
  const high = Math.max(...times);
  const span = Math.max(high - low, DAY_MS);
  const [min, max] = [low - span * 0.05, high + span * 0.12];
  const x = (t: number) => M.left + ((t - min) / (max - min)) * (WIDTH - M.left - M.right);
  const y = (t: number) => HEIGHT - M.bottom - ((t - min) / (max - min)) * (HEIGHT - M.top - M.bottom);
  const [right, top] = [x(max), y(max)];
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min));
  const late = versions.filter((v) => v.recorded - v.effective > LATE_MS);
  const summary =
    `${versions.length} versions. ` +
    versions
      .map(
        (v) =>
          `revision ${v.event.revision} ${v.status}, effective ${formatInstant(v.event.effectiveAt)}, recorded ${formatInstant(v.event.recordedAt)}`,
      )
      .join('; ') +
    (late.length ? `. ${late.length} recorded late.` : '.');

  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} data-testid="bitemporal-chart">
        <line class="axis" x1={M.left} y1={HEIGHT - M.bottom} x2={right} y2={HEIGHT - M.bottom} />
        <line class="axis" x1={M.left} y1={HEIGHT - M.bottom} x2={M.left} y2={top} />
        {ticks.map((t) => (
          <g key={t}>
            <text class="tick" x={x(t)} y={HEIGHT - M.bottom + 16} text-anchor={t === max ? 'end' : t === min ? 'start' : 'middle'}>
              {new Date(t).toISOString().slice(0, 10)}
            </text>
            <text class="tick" x={M.left - 6} y={y(t) + 4} text-anchor="end">
              {new Date(t).toISOString().slice(0, 10)}
            </text>
          </g>
        ))}
        <text class="axis-label" x={(M.left + right) / 2} y={HEIGHT - 6} text-anchor="middle">
          effective time (asOf, UTC) →
        </text>
        <text class="axis-label" transform={`translate(14 ${(HEIGHT - M.bottom + top) / 2}) rotate(-90)`} text-anchor="middle">
          recorded time (knownAt, UTC) →
        </text>
        <line class="diagonal" x1={x(min)} y1={y(min)} x2={right} y2={top} />
        {versions.map((v) => (
          <g key={v.event.eventId} class={`version ${v.status}`} data-revision={v.event.revision} data-status={v.status}>
            <rect x={x(v.effective)} y={top} width={Math.max(right - x(v.effective), 1)} height={Math.max(y(v.recorded) - top, 1)} />
            <text x={x(v.effective) + 4} y={y(v.recorded) - 6}>
              r{v.event.revision} {v.status}
            </text>
          </g>
        ))}
        {late.map((v) => (
          <g key={`late-${v.event.eventId}`} class="late" data-late-revision={v.event.revision}>
            <line x1={x(v.effective)} y1={y(v.effective)} x2={x(v.effective)} y2={y(v.recorded)} />
            <circle cx={x(v.effective)} cy={y(v.recorded)} r={3} />
          </g>
        ))}
        <circle class="point" cx={x(point.x)} cy={point.y === undefined ? top + 4 : y(point.y)} r={5}>
          <title>
            the chosen point: asOf {formatInstant(asOf) ?? 'now'}, knownAt {knownAt ? formatInstant(knownAt) : 'everything recorded'}
          </title>
        </circle>
      </svg>
      <figcaption>
        Each box is where a version holds: from its effective time rightwards and from its recording upwards; the dashed diagonal is
        “recorded when it took effect”. {late.length > 0 && <span class="late-note">Red stems: </span>}
        {late.map((v) => (
          <span key={v.event.eventId} class="late-note" data-testid="late-recording">
            revision {v.event.revision} ({v.event.type}) was recorded {Math.round((v.recorded - v.effective) / DAY_MS)} days after it took
            effect.{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
};
