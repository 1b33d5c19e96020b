#!/usr/bin/env node
import '../src/server/cli.ts';
