import { deployedPlanDriftDeps, makePlanDriftHandler } from '#wiring/plan-drift.ts';

/** Builds the `planDrift` handler from its dependencies (tests pass moto-bound clients). */
export const makeHandler = makePlanDriftHandler;

/** The deployed `planDrift` handler: the weekly security-group drift report of every cluster. */
export const handler = makePlanDriftHandler(deployedPlanDriftDeps());
