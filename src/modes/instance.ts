/** Jool 4's instance mode. */
import type { InstanceAddRequest, InstanceDisplayRequest, InstanceFlushRequest, InstanceRemoveRequest, InstanceStatusRequest } from '../cli/requests.js';
import { writeInstances } from '../output/instances.js';
import type { Sink } from '../output/sink.js';
import * as instances from '../instance/instances.js';
import { read, update } from '../state/store.js';

const OK = 0;

export function instanceDisplay(r: InstanceDisplayRequest, out: Sink): number {
  writeInstances(read(r.state).instances, r.csv, r.headers, out);
  return OK;
}

export function instanceAdd(r: InstanceAddRequest): number {
  update(r.state, (state) => instances.addInstance(state, r.name, r.framework, r.pool6), r.lockTimeoutMs);
  return OK;
}

export function instanceRemove(r: InstanceRemoveRequest): number {
  update(r.state, (state) => instances.removeInstance(state, r.name), r.lockTimeoutMs);
  return OK;
}

export function instanceFlush(r: InstanceFlushRequest): number {
  update(r.state, () => instances.EMPTY_STATE, r.lockTimeoutMs);
  return OK;
}

export function instanceStatus(r: InstanceStatusRequest, out: Sink): number {
  out.write(instances.instanceOf(read(r.state), r.name) === undefined ? `Dead\n(Instance '${r.name}' does not exist.)\n` : 'Running\n');
  return OK;
}
