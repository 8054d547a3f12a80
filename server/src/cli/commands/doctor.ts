/**
 * `contractlens doctor CONTRACT [--server NAME]`: reaches the contract's server as a check would and says what the
 * connection may do. Exit 0 when it reads and can do nothing more, 1 on a problem or a warning (a role that can write,
 * a superuser, a MySQL user with SUPER or FILE), 2 on a usage error.
 */
import { resolve } from 'node:path';
import { doctorServer } from '../../engine/data/doctor.js';
import { readContractFile } from '../../engine/workspace/files.js';
import { ContractDocument } from '../../engine/workspace/document.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { displayPath } from '../render/fromFindings.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions } from './dataOptions.js';

const OPTIONS = { ...DATA_FLAGS, format: { type: 'string', short: 'f' } } as const;

const USAGE = `contractlens doctor CONTRACT [options]

Connects to the contract's server the way check would (credentials from the environment: PGUSER, PGPASSWORD,
~/.pgpass, DATACONTRACT_POSTGRES_USERNAME/_PASSWORD for PostgreSQL, with CONTRACTLENS_PG_ROLE a role to SET ROLE
to after logging in; DATACONTRACT_MYSQL_USERNAME/_PASSWORD or MYSQL_USER/MYSQL_PWD for MySQL/MariaDB) and reports
the rights of the role queries run as (or of the MySQL user, with its grants) on the contract's tables. Warns when
it can write, is a superuser or has SUPER, or may read the server's files (FILE, pg_read_server_files).

Options:
  -f, --format text|json       output format (default text)
${DATA_FLAGS_USAGE}

Exit codes: 0 reachable and read-only, 1 a problem or a warning, 2 usage error or unreadable contract.`;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: "Check that a contract's server is reachable and what the connection may do",
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = choiceOption(args.values, 'format', ['text', 'json'] as const) ?? 'text';
    if (args.positionals.length !== 1) {
      io.stderr('contractlens doctor: give exactly one contract file.\n');
      return EXIT.usage;
    }
    const access = dataAccessOptions(args.values, io);
    const file = resolve(io.cwd, args.positionals[0]);
    const read = await readContractFile(file);
    const contract = read.ok ? new ContractDocument(read.uri).update(read.text).contract : undefined;
    if (!contract) {
      io.stderr(`contractlens doctor: ${read.ok ? `${displayPath(file, io.cwd)} is not a contract` : read.message}.\n`);
      return EXIT.usage;
    }
    const report = await doctorServer(contract, file, { server: access.server, root: access.root, allowPaths: access.allowPaths, timeoutMs: access.timeoutMs });
    const bad = report.problems.length > 0 || report.warnings.length > 0;
    if (format === 'json') {
      io.stdout(JSON.stringify(report, null, 2) + '\n');
      return bad ? EXIT.findings : EXIT.clean;
    }
    const lines = [`server ${report.server} (${report.type}) ${report.target}: ${report.connected ? 'reachable' : 'NOT reachable'}`];
    const r = report.rights;
    if (r) {
      const switched = r.loginRole !== r.role ? ` (logged in as ${r.loginRole}, then SET ROLE)` : '';
      lines.push(`  role ${r.role}${r.superuser ? ' (superuser)' : ''}${switched}, PostgreSQL ${r.serverVersion}, session ${r.sessionReadOnly ? 'read-only' : 'NOT read-only'}`);
      for (const t of r.tables) lines.push(`  ${t.table}: ${t.exists ? t.privileges.join(', ') || 'no privileges' : 'missing'}`);
    }
    const g = report.grants;
    if (g) {
      lines.push(`  user ${g.user}, ${g.serverVersion}, session ${g.sessionReadOnly ? 'read-only' : 'NOT read-only'}`);
      for (const grant of g.grants) lines.push(`  grant: ${grant}`);
      for (const t of g.tables) lines.push(`  ${t.table}: ${t.exists ? t.privileges.join(', ') || 'no privileges' : 'missing'}`);
    }
    for (const p of report.problems) lines.push(`  problem: ${p}`);
    for (const w of report.warnings) lines.push(`  warning: ${w}`);
    if (!bad) lines.push('  ok: Contract Lens can read and do nothing more');
    io.stdout(lines.join('\n') + '\n');
    return bad ? EXIT.findings : EXIT.clean;
  },
};
