/** The key's destinations as a rotation sees them, served by the secret-manager service. */
import type { SecretTargetService } from '../secret-managers/secret-target-service.ts';
import type { SecretTargetRepository } from '../store/secret-target-repository.ts';
import type { RotationTargets } from './rotation-deps.ts';

export function rotationTargets(service: SecretTargetService, repository: SecretTargetRepository): RotationTargets {
  return {
    list: (owner) =>
      service.list(owner).map((target) => ({ targetId: target.id, kind: target.kind, label: target.label })),
    push: async (targetId, secret) => {
      const { outcome, message, exitCode } = await service.push(targetId, secret);
      return { outcome, message, exitCode };
    },
    moveToKey: (from, to) => void repository.moveToKey(from, to),
  };
}
