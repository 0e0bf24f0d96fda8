#!/usr/bin/env node
// Entry point of the `agora` command. The code is TypeScript run through tsx's loader, so a fresh
// clone needs no build step.
import { register } from 'tsx/esm/api';
register();
await import('./../src/cli/entry.ts');
