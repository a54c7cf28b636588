/** The XML of a test server: everything under its own directory, loopback only. */

export interface ServerConfigInput {
  readonly dir: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  /** A `remote_servers` cluster this server belongs to, if any. */
  readonly cluster?: TestClusterConfig;
}

/** A cluster of one-replica shards on 127.0.0.1, no ZooKeeper. */
export interface TestClusterConfig {
  readonly name: string;
  /** The native TCP port of each shard's server, in shard order. */
  readonly shardTcpPorts: readonly number[];
  /** Each shard's `<weight>`, in shard order; default 1 each. */
  readonly shardWeights?: readonly number[];
  /** This server's port for replica fetches (unused without replication). */
  readonly interserverHttpPort: number;
}

export function renderServerConfig({
  dir,
  httpPort,
  tcpPort,
  cluster,
}: ServerConfigInput): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${dir}/server.log</log>
    <errorlog>${dir}/error.log</errorlog>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <shutdown_wait_unfinished>1</shutdown_wait_unfinished>
  <keep_alive_timeout>1</keep_alive_timeout>
${cluster === undefined ? '' : renderCluster(cluster)}</yandex>
`;
}

function renderCluster(cluster: TestClusterConfig): string {
  const shards = cluster.shardTcpPorts
    .map(
      (port, i) =>
        `      <shard><weight>${cluster.shardWeights?.[i] ?? 1}</weight><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>\n`,
    )
    .join('');
  return `  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>${cluster.interserverHttpPort}</interserver_http_port>
  <remote_servers>
    <${cluster.name}>
${shards}    </${cluster.name}>
  </remote_servers>
`;
}

export function renderUsersConfig(): string {
  return `<?xml version="1.0"?>
<yandex>
  <!-- poll_interval: an idle native connection (shards keep them to each
       other) notices a shutdown within 1 s instead of 10 s. -->
  <profiles><default><poll_interval>1</poll_interval></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;
}
