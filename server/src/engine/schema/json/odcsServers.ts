/**
 * ODCS `servers[]`: where the data physically lives. Every server has `server` (its name) and `type`; the other keys
 * depend on the type (a `postgres` server has host/port/database/schema, an `s3` server a location…). The schema
 * picks the per-type keys with if/then on `type`, so an unknown key is reported against the right type.
 */
import { int, obj, oneOfStrings, ref, str, type JsonSchema } from './dsl.js';

const F = {
  host: (what: string) => str(`Host name or IP address of the ${what} server, e.g. \`db.example.com\`.`),
  port: (what: string, dflt?: number) => int(`TCP port of the ${what} server${dflt ? ` (usually ${dflt})` : ''}.`),
  database: (what = 'database') => str(`Name of the ${what}.`),
  schema: str('Name of the schema (namespace) inside the database, e.g. `public`.'),
  catalog: str('Name of the catalog that holds the schema.'),
  format: str('File or message format, e.g. `parquet`, `csv`, `json`, `avro`, `delta`.'),
  delimiter: str('For `json` files: how several JSON documents are separated, `new_line` (JSON Lines) or `array`.'),
  location: (example: string) => str(`URL of the data, e.g. \`${example}\`. Globs such as \`*.parquet\` are allowed in the path.`, { format: 'uri' }),
  account: str('Account identifier used to reach the server.'),
  region: str('Cloud region, e.g. `eu-central-1`.'),
  project: str('Cloud project name (GCP).'),
  path: str('Relative or absolute path to the data file(s), e.g. `./data/orders.parquet`; globs are allowed.'),
};

interface ServerType {
  title: string;
  keys: Record<string, JsonSchema>;
  required: string[];
}

function serverTypes(v32: boolean): Record<string, ServerType> {
  const hostPortDb = (t: string, required: string[], withSchema = false): ServerType => ({
    title: t,
    keys: { host: F.host(t), port: F.port(t), database: F.database(), ...(withSchema ? { schema: F.schema } : {}) },
    required,
  });
  const postgres: ServerType = { title: 'PostgreSQL', keys: { host: F.host('PostgreSQL'), port: F.port('PostgreSQL', 5432), database: F.database(), schema: F.schema }, required: ['host', 'port', 'database', 'schema'] };
  return {
    api: { title: 'HTTP API', keys: { location: F.location('https://api.example.com/v1/orders') }, required: ['location'] },
    athena: {
      title: 'Amazon Athena',
      keys: {
        stagingDir: str('S3 folder where Athena writes query results, e.g. `s3://my-bucket/athena-results/`.', { format: 'uri' }),
        schema: str('Athena database (schema) that holds the tables.'),
        catalog: str('Data catalog name; `awsdatacatalog` when omitted.'),
        regionName: str('AWS region of the Athena service, e.g. `eu-west-1`.'),
        ...(v32 ? { workgroup: str('Athena workgroup used to run queries (v3.2).') } : {}),
      },
      required: v32 ? ['schema'] : ['stagingDir', 'schema'],
    },
    azure: { title: 'Azure Storage', keys: { location: F.location('az://my-container/orders/*.parquet'), format: F.format, delimiter: F.delimiter }, required: ['location', 'format'] },
    bigquery: { title: 'Google BigQuery', keys: { project: F.project, dataset: str('BigQuery dataset name.') }, required: ['project', 'dataset'] },
    clickhouse: hostPortDb('ClickHouse', ['host', 'port', 'database']),
    databricks: { title: 'Databricks', keys: { host: F.host('Databricks'), catalog: str('Unity or Hive catalog name.'), schema: F.schema }, required: ['catalog', 'schema'] },
    denodo: hostPortDb('Denodo', ['host', 'port']),
    dremio: { title: 'Dremio', keys: { host: F.host('Dremio'), port: F.port('Dremio'), schema: F.schema }, required: ['host', 'port'] },
    duckdb: { title: 'DuckDB', keys: { database: str('Path to the DuckDB database file, e.g. `./warehouse.duckdb`.'), schema: F.schema }, required: ['database'] },
    glue: { title: 'AWS Glue', keys: { account: str('AWS account id that owns the Glue catalog.'), database: str('Glue database name.'), location: F.location('s3://my-bucket/orders/'), format: F.format }, required: ['account', 'database'] },
    cloudsql: { title: 'Google Cloud SQL', keys: { host: F.host('Cloud SQL'), port: F.port('Cloud SQL'), database: F.database(), schema: F.schema }, required: ['host', 'port', 'database', 'schema'] },
    db2: hostPortDb('IBM Db2', ['host', 'port', 'database'], true),
    hive: { title: 'Apache Hive', keys: { host: F.host('Hive'), port: F.port('Hive', 10000), database: str('Hive database name.') }, required: ['host', 'database'] },
    impala: { title: 'Apache Impala', keys: { host: F.host('Impala'), port: F.port('Impala', 21050), database: str('Impala database name.') }, required: ['host', 'database'] },
    informix: { title: 'IBM Informix', keys: { host: F.host('Informix'), port: F.port('Informix', 9088), database: F.database() }, required: ['host', 'database'] },
    zen: { title: 'Actian Zen', keys: { host: F.host('Zen'), port: F.port('Zen', 1583), database: F.database() }, required: ['host', 'database'] },
    custom: {
      title: 'custom',
      keys: {
        account: F.account, catalog: F.catalog, database: F.database(), dataset: str('Dataset name.'), delimiter: F.delimiter,
        endpointUrl: str('Endpoint URL of the service.', { format: 'uri' }), format: F.format, host: str('Host name or IP address.'),
        location: str('URL of the data.', { format: 'uri' }), path: F.path, port: int('TCP port of the server, e.g. `443`.'), project: F.project, region: F.region,
        regionName: str('Region name.'), schema: F.schema, serviceName: str('Service name.'), stagingDir: str('Staging folder for intermediate results.'),
        warehouse: str('Cluster or warehouse name.'), stream: str('Name of the data stream.'),
      },
      required: [],
    },
    kafka: { title: 'Apache Kafka', keys: { host: str('Bootstrap server(s) of the Kafka cluster, e.g. `broker-1:9092`.'), format: str('Message format, e.g. `json` (default), `avro`, `protobuf`.') }, required: ['host'] },
    kinesis: { title: 'Amazon Kinesis Data Streams', keys: { region: F.region, format: str('Record format, e.g. `json`.') }, required: [] },
    local: { title: 'local files', keys: { path: F.path, format: str('Format of the file(s): `csv`, `parquet`, `json`, `delta`…') }, required: ['path', 'format'] },
    mysql: hostPortDb('MySQL', ['host', 'port', 'database']),
    oracle: { title: 'Oracle', keys: { host: F.host('Oracle'), port: F.port('Oracle', 1521), serviceName: str('Oracle service name, e.g. `ORCLPDB1`.') }, required: ['host', 'port', 'serviceName'] },
    postgresql: postgres,
    postgres,
    presto: { title: 'Presto', keys: { host: F.host('Presto'), catalog: F.catalog, schema: F.schema }, required: ['host'] },
    pubsub: { title: 'Google Pub/Sub', keys: { project: F.project }, required: ['project'] },
    redshift: { title: 'Amazon Redshift', keys: { host: F.host('Redshift'), database: F.database(), schema: F.schema, region: F.region, account: F.account }, required: ['database', 'schema'] },
    s3: { title: 'Amazon S3', keys: { location: F.location('s3://my-bucket/orders/*.parquet'), endpointUrl: str('Endpoint of an S3-compatible service (MinIO, R2…), e.g. `https://minio.example.com`.', { format: 'uri' }), format: F.format, delimiter: F.delimiter }, required: ['location'] },
    sftp: { title: 'SFTP', keys: { location: F.location('sftp://host/path/orders.csv'), format: F.format, delimiter: F.delimiter }, required: ['location'] },
    snowflake: { title: 'Snowflake', keys: { host: F.host('Snowflake'), port: F.port('Snowflake', 443), account: str('Snowflake account identifier, e.g. `myorg-account1`.'), database: F.database(), schema: F.schema, warehouse: str('Virtual warehouse that runs queries.') }, required: ['account', 'database', 'schema'] },
    sqlserver: { title: 'Microsoft SQL Server', keys: { host: F.host('SQL Server'), port: F.port('SQL Server', 1433), database: F.database(), schema: F.schema }, required: ['host', 'database', 'schema'] },
    synapse: hostPortDb('Azure Synapse', ['host', 'port', 'database']),
    trino: { title: 'Trino', keys: { host: F.host('Trino'), port: F.port('Trino', 8080), catalog: F.catalog, schema: F.schema }, required: ['host', 'port', 'catalog', 'schema'] },
    vertica: hostPortDb('Vertica', ['host', 'port', 'database', 'schema'], true),
  };
}

export const SERVER_TYPE_PATH = 'type';

export function serverDefs(v32: boolean): Record<string, JsonSchema> {
  const types = serverTypes(v32);
  const names = Object.keys(types);
  const server = obj(
    {
      id: ref('StableId', 'Stable technical id of this server entry (letters, digits, `_`, `-`), for references from other documents.'),
      server: str('Name of this server, unique in the contract, e.g. `production` or `local`. Quality rules and tools refer to it.'),
      type: oneOfStrings(names, `Kind of server; decides which other keys apply. One of: ${names.map((n) => `\`${n}\``).join(', ')}.`),
      description: str('What this server is, in a sentence.'),
      environment: str('Environment of the server, e.g. `prod`, `staging`, `dev`.'),
      roles: { type: 'array', description: 'IAM roles that grant access to the data on this server.', items: { $ref: '#/$defs/Role' } },
      customProperties: ref('CustomProperties', 'Additional key/value pairs for this server that the standard does not define.'),
    },
    'A server (data source) holding the data of this contract. Required: `server` and `type`; the type decides the other keys.',
    {
      required: ['server', 'type'],
      keys: 'unevaluated',
      extra: {
        allOf: names.map((name) => ({
          if: { properties: { type: { const: name } }, required: ['type'] },
          then: { $ref: `#/$defs/Server_${name}` },
        })),
      },
    },
  );
  const defs: Record<string, JsonSchema> = { Server: server };
  for (const [name, t] of Object.entries(types)) {
    defs[`Server_${name}`] = { type: 'object', $comment: 'when type', title: t.title, description: `Keys of a server of type \`${name}\` (${t.title}).`, properties: t.keys, ...(t.required.length ? { required: t.required } : {}) };
  }
  return defs;
}
