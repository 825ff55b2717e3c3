import { fromPickerValue, formatInstant, toPickerValue } from './time';

export interface ClockValues {
  readonly asOf?: string;
  readonly knownAt?: string;
}

/**
 * Both clocks, always on screen: effective time (`asOf`, when it held in the world) and recorded
 * time (`knownAt`, what the ledger knew then). Blank means now and everything recorded.
 */
export const ClockPickers = ({ value, onChange }: { value: ClockValues; onChange: (next: ClockValues) => void }) => (
  <fieldset class="clocks">
    <legend>Point in time (UTC)</legend>
    <label>
      <span>
        In force at (<code>asOf</code>, effective time)
      </span>
      <input
        type="datetime-local"
        name="asOf"
        value={toPickerValue(value.asOf)}
        onChange={(event) => onChange({ ...value, asOf: fromPickerValue(event.currentTarget.value) })}
      />
      <span class="hint">{value.asOf ? formatInstant(value.asOf) : 'now'}</span>
    </label>
    <label>
      <span>
        As known at (<code>knownAt</code>, recorded time)
      </span>
      <input
        type="datetime-local"
        name="knownAt"
        value={toPickerValue(value.knownAt)}
        onChange={(event) => onChange({ ...value, knownAt: fromPickerValue(event.currentTarget.value) })}
      />
      <span class="hint">{value.knownAt ? formatInstant(value.knownAt) : 'everything recorded so far'}</span>
    </label>
  </fieldset>
);
