import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { href, Link } from '../router';
import { formatInstant } from '../time';
import { EventView } from './rule-types';

/** How many of the latest events the page shows, and fetches on opening. */
const KEEP = 100;

type Feed = 'connecting' | 'live' | 'reconnecting';

/**
 * The live log over SSE. `EventSource` cannot send a header: the session cookie authenticates
 * it. It opens a little before the head, shows newest first, and when paused keeps receiving
 * but holds the new events back until resumed, so nothing is missed.
 */
export const LivePage = () => {
  const [events, setEvents] = useState<EventView[]>([]);
  const [held, setHeld] = useState<EventView[]>([]);
  const [paused, setPaused] = useState(false);
  const [feed, setFeed] = useState<Feed>('connecting');
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    let source: EventSource | undefined;
    let closed = false;
    const add = (event: EventView) => {
      if (pausedRef.current) setHeld((h) => [event, ...h]);
      else setEvents((list) => [event, ...list].slice(0, KEEP));
    };
    get<{ components: { store: { headPosition: number } } }>('/health')
      .catch(() => ({ components: { store: { headPosition: 0 } } }))
      .then((health) => {
        if (closed) return;
        source = new EventSource(`/events/stream?after=${Math.max(0, health.components.store.headPosition - KEEP)}`);
        source.onopen = () => setFeed('live');
        source.onerror = () => setFeed('reconnecting');
        source.onmessage = (message) => add(JSON.parse(message.data) as EventView);
        for (const type of ['RuleProposed', 'RuleApproved', 'RulePaused', 'RuleRescinded', 'RuleAmended']) {
          source.addEventListener(type, (message) => add(JSON.parse((message as MessageEvent<string>).data) as EventView));
        }
      });
    return () => {
      closed = true;
      source?.close();
    };
  }, []);

  const toggle = () => {
    if (paused) {
      setEvents((list) => [...held, ...list].slice(0, KEEP));
      setHeld([]);
    }
    setPaused(!paused);
  };

  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title">Live log</h1>
      <div class="actions">
        <p role="status" data-testid="feed-state" class={`feed ${feed}`}>
          Feed: {feed}
          {paused && `, paused (${held.length} new held back)`}
        </p>
        <button type="button" onClick={toggle} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {events.length === 0 && <p class="hint">No events yet.</p>}
      <ol class="log" reversed>
        {events.map((event) => (
          <li key={event.eventId} data-type={event.type} data-rule={event.ruleId}>
            <span class="pos">#{event.position}</span> <strong>{event.type}</strong>{' '}
            <Link to={href(`/rules/${event.ruleId}`)}>{event.ruleId}</Link> — revision {event.revision}, effective{' '}
            {formatInstant(event.effectiveAt)}, recorded {formatInstant(event.recordedAt)} by {event.actor}
          </li>
        ))}
      </ol>
    </section>
  );
};
