/** The service filter: every service the store knows, or all of them. */
import { useApi } from '../api/use-api.js';

export function ServiceFilter(props: {
  readonly service: string | undefined;
  readonly onChange: (service: string | undefined) => void;
}) {
  const services = useApi('services', (client, signal) =>
    client.getServices(signal),
  );
  const names = services.status === 'ok' ? services.data : [];
  const options =
    props.service !== undefined && !names.includes(props.service)
      ? [props.service, ...names]
      : names;
  return (
    <label>
      <span class="control-label">Service</span>
      <select
        value={props.service ?? ''}
        onChange={(e) => {
          const value = e.currentTarget.value;
          props.onChange(value === '' ? undefined : value);
        }}
      >
        <option value="">All services</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
