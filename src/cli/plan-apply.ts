import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyPlan, type RollbackRecord, rollbackPlan } from '#app/plan/apply-plan.ts';
import { type CliIo, write } from '#cli/io.ts';
import { writeFileAtomically } from '#cli/text-files.ts';
import { InputError } from '#core/errors.ts';
import type { NetworkModel } from '#core/network/model.ts';
import type { Plan } from '#core/plan/plan-types.ts';
import { cliAws } from '#wiring/cli.ts';

const PLAN_ID = /^p-[0-9a-f]{16}$/;

/**
 * `plan --apply`: applies the plan with EC2 (dry runs first, authorizations before revokes) and
 * records what it revoked and created in `STATE_DIR/PLAN_ID.json` before the first revoke.
 *
 * @throws InputError when the plan is refused (replay check, quota); AwsCallError from EC2.
 */
export async function applyFromCli(
  plan: Plan,
  model: NetworkModel,
  flags: { readonly region?: unknown; readonly stateDir: string; readonly rulesPerGroup: number },
  io: CliIo,
): Promise<void> {
  const aws = cliAws(flags.region);
  try {
    const result = await applyPlan(
      {
        rules: aws.ruleChanges(),
        save: async (record) => {
          await mkdir(flags.stateDir, { recursive: true });
          await writeFileAtomically(
            join(flags.stateDir, `${record.planId}.json`),
            `${JSON.stringify(record, null, 2)}\n`,
          );
        },
      },
      model,
      plan,
      { rulesPerGroup: flags.rulesPerGroup },
    );
    await write(
      io.stderr,
      `applied plan ${result.planId}: ${result.authorized} rule(s) authorized, ${result.revoked} revoked, ${result.alreadyDone} already done; undo with 'plan --rollback ${result.planId}'.\nRevoking does not cut connections already tracked: check again with the next scheduled run.\n`,
    );
  } finally {
    aws.close();
  }
}

/**
 * `plan --rollback PLAN_ID`: restores the rules an applied plan revoked and removes those it
 * created, from `STATE_DIR/PLAN_ID.json`.
 *
 * @throws InputError when the ID or its record is not readable; AwsCallError from EC2.
 */
export async function rollbackFromCli(
  id: string,
  flags: { readonly region?: unknown; readonly stateDir: string },
  io: CliIo,
): Promise<void> {
  if (!PLAN_ID.test(id))
    throw new InputError(`--rollback takes a plan ID (p-<16 hex>), got '${id}'`);
  const path = join(flags.stateDir, `${id}.json`);
  let record: RollbackRecord;
  try {
    record = JSON.parse(await readFile(path, 'utf8')) as RollbackRecord;
  } catch (error) {
    throw new InputError(`no readable record of plan ${id} in ${flags.stateDir}`, { cause: error });
  }
  if (record.planId !== id || !Array.isArray(record.revoked) || !Array.isArray(record.created)) {
    throw new InputError(`${path} is not the record of plan ${id}`);
  }
  const aws = cliAws(flags.region);
  try {
    const done = await rollbackPlan(aws.ruleChanges(), record);
    await write(
      io.stdout,
      `rolled back plan ${id}: ${done.restored} rule(s) restored, ${done.removed} removed\n`,
    );
  } finally {
    aws.close();
  }
}
