import { runCli } from './main.ts';

// A reader that stops early (`agora … --help | head -1`) closes the pipe: what is left to print has
// nobody to read it, so the command ends quietly as other Unix tools do, not with an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// The `agora` process: run the command, then exit with its code. A failure exits at once (a
// keep-alive socket must not hold the process open after the error is printed); stderr is
// synchronous for files, pipes and terminals on Linux (node docs, "A note on process I/O").
const code = await runCli(process.argv);
if (code !== 0) process.exit(code);
