import { defineErrors } from '../platform/errors';

/**
 * Errors only the command line raises: how it reaches the database (directly, or over HTTP
 * when a server holds the PGlite data directory) and what it reads from files and options.
 */
export const CliErrors = defineErrors({
  'cli.server_holds_data_dir': {
    status: 409,
    zh: '数据目录 {dataDir} 正被进程 {pid}（运行中的知保服务器或另一个 zhibao 命令）使用，而“zhibao {command}”必须直接打开数据库。请先停止服务器再运行，或设置 DATABASE_URL 使用 PostgreSQL（多个进程可同时连接）',
    en: 'The data directory {dataDir} is held by process {pid} (a running Zhibao server or another zhibao command), and "zhibao {command}" must open the database itself. Stop the server first, or set DATABASE_URL to use PostgreSQL (several processes may connect at once)',
  },
  'cli.token_missing': {
    status: 401,
    zh: '数据目录 {dataDir} 正被运行中的服务器（进程 {pid}）使用，命令行需通过 HTTP（{baseUrl}）调用它，但未设置 ZHIBAO_API_TOKEN。请为管理员账号签发权限范围为 {scopes} 的 API 令牌并设置 ZHIBAO_API_TOKEN：服务器停止时运行 zhibao token create --user <用户名> --scopes {scopes}，或在网页“API 令牌”管理页签发；也可先停止服务器',
    en: 'The data directory {dataDir} is held by a running server (process {pid}), so the CLI must call it over HTTP ({baseUrl}), but ZHIBAO_API_TOKEN is not set. Issue an API token with the scope {scopes} for an administrator account and set ZHIBAO_API_TOKEN: run zhibao token create --user <login> --scopes {scopes} while the server is stopped, or issue one on the API tokens page of the web UI; or stop the server first',
  },
  'cli.server_unreachable': {
    status: 503,
    zh: '数据目录 {dataDir} 正被进程 {pid} 使用，但无法连接服务器 {baseUrl}（{reason}）。如服务器监听其他地址，请设置 ZHIBAO_BASE_URL；如该进程是另一个 zhibao 命令，请等它结束',
    en: 'The data directory {dataDir} is held by process {pid}, but the server at {baseUrl} cannot be reached ({reason}). Set ZHIBAO_BASE_URL if the server listens elsewhere; if that process is another zhibao command, wait for it to finish',
  },
  'cli.server_response_invalid': {
    status: 502,
    zh: '服务器 {baseUrl} 的响应无法识别（HTTP {status}）',
    en: 'The server at {baseUrl} gave a response the CLI does not understand (HTTP {status})',
  },
  'cli.file_unreadable': { status: 400, zh: '无法读取文件 {file}：{reason}', en: 'Cannot read the file {file}: {reason}' },
  'cli.file_unwritable': { status: 400, zh: '无法写入文件 {file}：{reason}', en: 'Cannot write the file {file}: {reason}' },
  'cli.format_unknown': {
    status: 400,
    zh: '无法从文件名 {file} 判断格式；请用 --format json 或 --format csv 指定',
    en: 'Cannot tell the format from the file name {file}; give --format json or --format csv',
  },
  'cli.org_not_found': { status: 404, zh: '没有代码为 {code} 的机构', en: 'There is no organisation with the code {code}' },
  'cli.user_not_found': { status: 404, zh: '没有用户名为 {login} 的账号', en: 'There is no account with the user name {login}' },
  'cli.totp_secret_invalid': {
    status: 400,
    zh: '密钥不是有效的 Base32 字符串（只能包含 A–Z 和 2–7）',
    en: 'The secret is not a valid Base32 string (only A–Z and 2–7)',
  },
  'cli.unexpected': { status: 500, zh: '命令意外失败：{reason}', en: 'The command failed unexpectedly: {reason}' },
  'cli.demo_needs_orgs': {
    status: 409,
    zh: '演示账号需要上海机构树（缺少机构 {code}）；请使用 ZHIBAO_ORG_SEED=shanghai 的空数据库',
    en: 'The demo accounts need the Shanghai organisation tree (organisation {code} is missing); use an empty database with ZHIBAO_ORG_SEED=shanghai',
  },
});
