// Environment for every `go` command we run.
export function goEnv(): NodeJS.ProcessEnv {
  const inherited = process.env.GOFLAGS ?? '';
  return {
    ...process.env,
    // Resolve from go.mod/go.sum even when a dependency's go.mod lists
    // something newer than ours (never fails with "updates to go.mod needed").
    GOFLAGS: `-mod=mod ${inherited}`.trim(),
    // Use the installed Go; never download another toolchain.
    GOTOOLCHAIN: 'local',
    // Static binaries, and no C compiler needed on a fresh machine.
    CGO_ENABLED: '0',
  };
}
