/** A stored destination as the renderer sees it: the same fields whether its settings still parse or not. */
import type { TargetView } from '../../../shared/ipc/targets.ts';
import type { StoredTarget } from '../store/secret-target-repository.ts';

export function targetView(target: StoredTarget): TargetView {
  if ('unreadable' in target) {
    return { ...target, config: null, createdAt: null, updatedAt: null };
  }
  return { ...target, config: { ...target.config }, unreadable: null };
}
