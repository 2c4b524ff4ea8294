// Validates Amazon States Language files with amazon-states-language-service, the validator behind
// the AWS Toolkit. Usage: node asl-language-service.js <file>...; prints one JSON object
// {file: [{line, character, severity, message}...]} (an empty list: no diagnostics).
'use strict';
const fs = require('fs');
const { getLanguageService } = require('amazon-states-language-service');
const { TextDocument } = require(require.resolve('vscode-languageserver-textdocument',
  { paths: [require.resolve('amazon-states-language-service')] }));

(async () => {
  const service = getLanguageService({});
  const out = {};
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    const document = TextDocument.create('file://' + file, 'asl', 0, text);
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
    out[file] = diagnostics.map(d => ({
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      severity: d.severity,
      message: d.message
    }));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => {
  console.error(e && e.stack || String(e));
  process.exit(2);
});
