export { planCronFiles, type Plan, type CronFilePlan, type PlannedJob } from './plan-cron-files.js';
export { lockNameFor } from '../contract/lock-name.js';
