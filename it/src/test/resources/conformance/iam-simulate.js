// Evaluates IAM requests with @cloud-copilot/iam-simulate (a policy engine no one here wrote).
// Usage: node iam-simulate.js <cases.json>; prints one JSON array of {id, result, errors}.
// A case: {id, policies: [<policy document>...], action, resource, context: {key: value}}.
// result is 'Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied', or 'Error' (errors then says why).
'use strict';
const fs = require('fs');
const { runSimulation } = require('@cloud-copilot/iam-simulate');

const ACCOUNT = /^arn:[^:]+:[^:]*:[^:]*:(\d{12})?:/;

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) {
    const match = ACCOUNT.exec(c.resource);
    const accountId = match && match[1] ? match[1] : c.account;
    const response = await runSimulation({
      identityPolicies: c.policies.map((policy, i) => ({ name: 'policy' + i, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: c.action,
        principal: c.principal,
        resource: { accountId, resource: c.resource },
        contextVariables: c.context || {}
      }
    }, {});
    if (response.resultType === 'error') {
      out.push({ id: c.id, result: 'Error', errors: JSON.stringify(response.errors) });
    } else {
      out.push({ id: c.id, result: response.overallResult });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => {
  console.error(e && e.stack || String(e));
  process.exit(2);
});
