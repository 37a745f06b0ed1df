import { describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../../local/lambda/lambdaRunner.ts';

const base = {
  functionName: 'local-PartitionCommitFunction',
  memoryMb: 512,
  handler: 'functions/partitionCommit.handler',
  taskRoot: '/tmp/task',
};

describe('lambdaEnvironment', () => {
  it('keeps the SDK away from the instance metadata address by default', () => {
    // Act
    const env = lambdaEnvironment({ ...base, callerEnv: { PATH: '/bin' } });

    // Assess
    expect(env.AWS_EC2_METADATA_DISABLED).toBe('true');
  });

  it("leaves the shell's own AWS_EC2_METADATA_DISABLED alone", () => {
    // Act
    const env = lambdaEnvironment({
      ...base,
      callerEnv: { AWS_EC2_METADATA_DISABLED: 'false' },
    });

    // Assess
    expect(env.AWS_EC2_METADATA_DISABLED).toBe('false');
  });
});
