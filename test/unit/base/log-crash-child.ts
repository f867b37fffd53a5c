import { logger, logProcessFailures, openLog } from '../../../main/base/log';

// Run by log.test.ts in a process of its own: a rejection nobody handles, in
// plain Node. The process must still die of it, with the reason in the log.
openLog({ dir: process.argv[2] as string, stderr: false });
logProcessFailures(logger('test'));
void Promise.reject(new Error(`lost: A1 LOGIN bob ${process.argv[3]}`));
