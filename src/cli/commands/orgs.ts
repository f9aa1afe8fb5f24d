import { Option, type Command } from 'commander';
import { withTarget } from '../access';
import { importFormat, readTextFile } from '../options';
import { guard, say, type CliRuntime } from '../runtime';

interface ImportResult {
  created: number;
  updated: number;
  total: number;
}

/** `zhibao org import <file>`: the organisation tree from JSON or CSV, all or nothing. */
export function registerOrgCommands(program: Command, rt: CliRuntime): void {
  const org = program.command('org').description('Organisations (机构): bureaus, courts, mediation centres');

  org
    .command('import')
    .argument('<file>', 'JSON (an array, or {"organisations": [...]}) or CSV with the columns code,parentCode,nameZh,nameEn,kind,regionCode,regionAliases')
    .addOption(new Option('--format <format>', 'file format; by default taken from the extension').choices(['json', 'csv']))
    .description('Create or update organisations by code from a file (all or nothing); parents may come later in the file or exist already')
    .addHelpText('after', '\nWhile a server holds the data directory this calls POST /api/orgs/import with ZHIBAO_API_TOKEN (scope orgs:write).')
    .action(
      guard(rt, async (file: string, opts: { format?: 'json' | 'csv' }) => {
        const format = importFormat(file, opts.format);
        const content = await readTextFile(file);
        const { parseOrgImport, importOrganisations } = await import('../../domains/orgs/orgs.service');
        // Checked here first, so a bad file is refused before the database is opened.
        const items = parseOrgImport(format, content);
        const result = await withTarget(rt.config(), { command: 'org import', http: { scopes: ['orgs:write'] } }, (target) =>
          target.kind === 'direct'
            ? importOrganisations(target.ctx, items)
            : target.server.postJson<ImportResult>('/api/orgs/import', { format, content }),
        );
        say(
          rt.io.out,
          `已导入机构：新建 ${result.created} 个，更新 ${result.updated} 个，共 ${result.total} 个`,
          `Imported organisations: ${result.created} created, ${result.updated} updated, ${result.total} in total`,
        );
      }),
    );
}
