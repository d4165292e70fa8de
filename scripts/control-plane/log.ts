// Progress goes to stderr: stdout of `up` is reserved for the kubeconfig path.
export function log(message: string): void {
  process.stderr.write(`[control-plane] ${message}\n`);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
