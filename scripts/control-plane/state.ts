// The supervisor's view of the running control plane, in state.json. Only the
// supervisor writes it; `up`, `down`, `status` and the test runner read it.
import type { ProcessRef } from './proc.js';
import { readJson } from './plan.js';
import type { StateFiles } from './paths.js';

export type Phase = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface ComponentState extends Partial<ProcessRef> {
  restarts: number;
  log: string;
  lastExit?: string;
}

export interface RuntimeState {
  version: 1;
  supervisor: ProcessRef;
  phase: Phase;
  message?: string;
  kubeconfig: string;
  apiserverUrl: string;
  ownerPids: number[];
  components: Record<string, ComponentState>;
  updatedAt: string;
}

export interface ReadyInfo {
  kubeconfig: string;
  nodes: number;
  readyAt: string;
}

export const readState = (files: StateFiles): RuntimeState | undefined => readJson<RuntimeState>(files.state);
export const readSupervisorRef = (files: StateFiles): ProcessRef | undefined =>
  readJson<ProcessRef>(files.supervisorPid);
export const readReady = (files: StateFiles): ReadyInfo | undefined => readJson<ReadyInfo>(files.ready);
