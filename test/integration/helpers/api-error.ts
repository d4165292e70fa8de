/**
 * The API server's answer to a request a test expects it to refuse: the KubeApiError, to assert
 * its code and message on; any other error is rethrown, and success fails the test.
 */
import assert from 'node:assert/strict';
import { KubeApiError } from '../../../lib/kube/client.js';

/** `ifAccepted`: the failure message when the request succeeds ("the API server accepted it"). */
export async function apiError(promise: Promise<unknown>, ifAccepted: string): Promise<KubeApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubeApiError) return error;
    throw error;
  }
  assert.fail(ifAccepted);
}
