// Preloaded (node --import) into the test runner and every test file process
// by scripts/run-tests.ts. If the run-tests process that owns this run dies
// without cleaning up (SIGKILL), exit too instead of running on as orphans
// against a control plane that its supervisor is already tearing down.
const owner = Number(process.env.REC_TEST_OWNER_PID);

if (Number.isInteger(owner) && owner > 0) {
  const timer = setInterval(() => {
    try {
      process.kill(owner, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') {
        process.stderr.write(`[orphan-guard] test runner pid ${owner} is gone; exiting pid ${process.pid}\n`);
        process.exit(1);
      }
    }
  }, 1000);
  timer.unref(); // never keeps a finished test process alive
}
