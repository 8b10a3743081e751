/** `failcat serve`: serves a built site locally. */
import { stat } from 'node:fs/promises';
import { parseCommandArgs, UsageError, type Command } from '../cli.ts';
import { startStaticServer } from '../../node/static-server.ts';

export const serveCommand: Command = {
  usage: `Usage: failcat serve [--dir DIR] [--port N] [--host HOST] [--base PATH]

Serves a site built by \`failcat build\` until interrupted (Ctrl-C).

Options:
  --dir DIR     the built site (default: site/dist)
  --port N      port (default: 4321; 0 picks a free one)
  --host HOST   interface to listen on (default: localhost)
  --base PATH   the base path the site was built with (default: /)
  -h, --help    show this help`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      dir: { type: 'string', default: 'site/dist' },
      port: { type: 'string', default: '4321' },
      host: { type: 'string', default: 'localhost' },
      base: { type: 'string', default: '/' },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be a port number; got "${values.port}".`);
    }
    if (!(await stat(values.dir!).catch(() => undefined))?.isDirectory()) {
      throw new Error(`${values.dir} is not a built site. Run \`failcat build\` first, or pass --dir.`);
    }
    const server = await startStaticServer({ root: values.dir!, port, host: values.host, base: values.base });
    process.stdout.write(`Serving ${values.dir} at ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
