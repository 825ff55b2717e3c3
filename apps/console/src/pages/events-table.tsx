import { formatInstant } from '../time';
import { EventView } from './rule-types';

/** A rule's events from the log, with both clocks, who recorded each, why, and the reports behind it. */
export const EventsTable = ({ events }: { events: readonly EventView[] }) => (
  <div class="scroll" tabIndex={0}>
    <table class="events">
      <caption class="visually-hidden">The rule's events, in the order they were recorded</caption>
      <thead>
        <tr>
          <th scope="col">Revision</th>
          <th scope="col">Event</th>
          <th scope="col">Effective</th>
          <th scope="col">Recorded</th>
          <th scope="col">Actor</th>
          <th scope="col">Reason</th>
          <th scope="col">Sources</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const sources = event.data.sources ?? event.data.terms?.sources ?? [];
          return (
            <tr key={event.eventId} data-type={event.type}>
              <td>{event.revision}</td>
              <td>{event.type}</td>
              <td>{formatInstant(event.effectiveAt)}</td>
              <td>{formatInstant(event.recordedAt)}</td>
              <td>{event.actor}</td>
              <td>{event.data.reason ?? '—'}</td>
              <td>
                {sources.length === 0
                  ? '—'
                  : sources.map((source) => (
                      <div key={source.url + source.title}>
                        <a href={source.url} rel="noreferrer noopener" target="_blank">
                          {source.title}
                        </a>
                        {source.publisher && ` (${source.publisher})`}
                      </div>
                    ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </div>
);
