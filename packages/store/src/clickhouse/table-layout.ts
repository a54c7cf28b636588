/**
 * Which tables a store writes and reads. Reads always name `spans` and
 * `trace_times`; on one server those are the MergeTree tables themselves, on
 * a cluster they are `Distributed` tables over a `*_local` pair on every
 * shard, which is what schema creation and deletion work on.
 */
export interface TableLayout {
  /** The `remote_servers` cluster the tables are sharded over, if any. */
  readonly cluster: string | undefined;
  /** The tables that hold the rows on each server. */
  readonly local: { readonly spans: string; readonly traceTimes: string };
}

export const SINGLE_SERVER_LAYOUT: TableLayout = {
  cluster: undefined,
  local: { spans: 'spans', traceTimes: 'trace_times' },
};

export function createClusterLayout(cluster: string): TableLayout {
  return {
    cluster,
    local: { spans: 'spans_local', traceTimes: 'trace_times_local' },
  };
}
