#!/usr/bin/env node
'use strict';
// The `sightline` command: the CLI bundle built from server/cli (the same cores the language server uses).
const path = require('path');
const fs = require('fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('sightline: the CLI is not built yet; run `npm run build` first (missing dist/cli.js)\n');
  process.exit(2);
}
require(bundle);
