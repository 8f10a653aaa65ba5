import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('infra/query-definitions.yml', () => {
  it('passes cfn-lint as a CloudFormation template', () => {
    // Act
    const lint = spawnSync('cfn-lint', ['--format', 'parseable', 'infra/query-definitions.yml'], {
      encoding: 'utf8',
    });
    // Assess
    expect(lint.error, 'cfn-lint must be installed (it comes with moto[server])').toBeUndefined();
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });
});
