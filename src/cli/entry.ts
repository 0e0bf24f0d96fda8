import { runCli } from './main.ts';

// The `agora` process: run the command, then exit with its code. A failure exits at once (a
// keep-alive socket must not hold the process open after the error is printed); stderr is
// synchronous for files, pipes and terminals on Linux (node docs, "A note on process I/O").
const code = await runCli(process.argv);
if (code !== 0) process.exit(code);
