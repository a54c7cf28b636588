/**
 * Which tables a store writes and reads. Reads always name `spans`,
 * `trace_times` and the path index's `path_records`, `path_traces` and
 * `path_index_runs` (and its rollups, `path_rollups`); on one server those are the MergeTree tables
 * themselves, on a cluster they are `Distributed` tables over `*_local`
 * tables on every shard, which is what schema creation and deletion work on.
 */
export interface LocalTables {
  readonly spans: string;
  readonly traceTimes: string;
  /** Trace id → latest receive time; read only by deletions, on each server. */
  readonly traceReceived: string;
  readonly pathRecords: string;
  readonly pathTraces: string;
  readonly pathRuns: string;
  readonly pathRollups: string;
}

export interface TableLayout {
  /** The `remote_servers` cluster the tables are sharded over, if any. */
  readonly cluster: string | undefined;
  /** The tables that hold the rows on each server. */
  readonly local: LocalTables;
}

export const SINGLE_SERVER_LAYOUT: TableLayout = {
  cluster: undefined,
  local: {
    spans: 'spans',
    traceTimes: 'trace_times',
    traceReceived: 'trace_received',
    pathRecords: 'path_records',
    pathTraces: 'path_traces',
    pathRuns: 'path_index_runs',
    pathRollups: 'path_rollups',
  },
};

export function createClusterLayout(cluster: string): TableLayout {
  return {
    cluster,
    local: {
      spans: 'spans_local',
      traceTimes: 'trace_times_local',
      traceReceived: 'trace_received_local',
      pathRecords: 'path_records_local',
      pathTraces: 'path_traces_local',
      pathRuns: 'path_index_runs_local',
      pathRollups: 'path_rollups_local',
    },
  };
}
