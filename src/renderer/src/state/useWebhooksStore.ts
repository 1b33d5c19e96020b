/**
 * The webhooks section of the settings: the workspace chosen, its webhooks, each one's deliveries
 * once opened, and a new webhook's signing secret while it is shown (once: dropped when the user
 * closes it). Every failure comes back to the component as a value with its sentence.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AddedWebhook, AddWebhookInput, WebhookDeliveriesView, WebhookView } from '../../../shared/ipc/index.ts';
import { invoke, type IpcFailure } from './bridge.ts';

export type Deliveries = { view: WebhookDeliveriesView | null; loading: boolean; error: IpcFailure | null };

type WebhooksState = {
  workspaceId: string | null;
  webhooks: WebhookView[];
  loading: boolean;
  error: IpcFailure | null;
  deliveries: Record<string, Deliveries>;
  /** The secret of the webhook just added, until the user closes it. */
  added: AddedWebhook | null;
  choose(workspaceId: string): Promise<void>;
  load(): Promise<void>;
  add(input: Omit<AddWebhookInput, 'workspaceId'>): Promise<IpcFailure | null>;
  dismissSecret(): void;
  copySecret(): Promise<IpcFailure | null>;
  remove(webhookId: string): Promise<IpcFailure | null>;
  loadDeliveries(webhookId: string): Promise<void>;
  sendTest(webhookId: string): Promise<IpcFailure | null>;
  redeliver(webhookId: string, deliveryId: string): Promise<IpcFailure | null>;
};

/** After a send, the deliveries are read again this often while one is still pending, this many times. */
const DELIVERY_POLL_MS = 1000;
const DELIVERY_POLLS = 15;

export const useWebhooksStore = create<WebhooksState>()((set, get) => {
  /** The chosen workspace, or null when there is none (every call below needs one). */
  const workspace = () => get().workspaceId;
  /** Shows the new delivery at once, then follows it until the receiver answered (or the polls run out). */
  const afterSend = async (webhookId: string) => {
    for (let poll = 0; poll < DELIVERY_POLLS; poll++) {
      if (poll > 0) await new Promise((resolve) => setTimeout(resolve, DELIVERY_POLL_MS));
      await get().loadDeliveries(webhookId);
      const view = get().deliveries[webhookId]?.view;
      if (view && !view.deliveries.some((delivery) => delivery.status === 'pending' && delivery.attempts === 0)) return;
    }
  };
  return {
    workspaceId: null,
    webhooks: [],
    loading: false,
    error: null,
    deliveries: {},
    added: null,
    choose: async (workspaceId) => {
      if (workspaceId === get().workspaceId) return;
      set({ workspaceId, webhooks: [], deliveries: {}, error: null });
      await get().load();
    },
    load: async () => {
      const workspaceId = workspace();
      if (workspaceId === null) return;
      set({ loading: true });
      const result = await invoke((api) => api.webhooks.list({ workspaceId }));
      if (workspaceId !== workspace()) return;
      set(result.ok ? { webhooks: result.value, loading: false, error: null } : { loading: false, error: result });
    },
    add: async (input) => {
      const workspaceId = workspace();
      if (workspaceId === null) return null;
      const result = await invoke((api) => api.webhooks.add({ workspaceId, ...input }));
      if (!result.ok) return result;
      set((s) => ({ added: result.value, webhooks: [...s.webhooks, result.value.webhook] }));
      return null;
    },
    dismissSecret: () => set({ added: null }),
    copySecret: async () => {
      const secret = get().added?.secret;
      if (!secret) return null;
      const result = await invoke((api) => api.clipboard.copySecret({ secret }));
      return result.ok ? null : result;
    },
    remove: async (webhookId) => {
      const workspaceId = workspace();
      if (workspaceId === null) return null;
      const result = await invoke((api) => api.webhooks.remove({ workspaceId, webhookId }));
      if (!result.ok) return result;
      set((s) => ({ webhooks: s.webhooks.filter((webhook) => webhook.id !== webhookId) }));
      return null;
    },
    loadDeliveries: async (webhookId) => {
      const workspaceId = workspace();
      if (workspaceId === null) return;
      const previous = get().deliveries[webhookId];
      set((s) => ({
        deliveries: { ...s.deliveries, [webhookId]: { view: previous?.view ?? null, loading: true, error: null } },
      }));
      const result = await invoke((api) => api.webhooks.deliveries({ workspaceId, webhookId }));
      set((s) => ({
        deliveries: {
          ...s.deliveries,
          [webhookId]: result.ok
            ? { view: result.value, loading: false, error: null }
            : { view: previous?.view ?? null, loading: false, error: result },
        },
      }));
    },
    sendTest: async (webhookId) => {
      const workspaceId = workspace();
      if (workspaceId === null) return null;
      const result = await invoke((api) => api.webhooks.test({ workspaceId, webhookId }));
      if (!result.ok) return result;
      void afterSend(webhookId);
      return null;
    },
    redeliver: async (webhookId, deliveryId) => {
      const workspaceId = workspace();
      if (workspaceId === null) return null;
      const result = await invoke((api) => api.webhooks.redeliver({ workspaceId, webhookId, deliveryId }));
      if (!result.ok) return result;
      void afterSend(webhookId);
      return null;
    },
  };
});

export const useWebhooks = () =>
  useWebhooksStore(
    useShallow((s) => ({
      workspaceId: s.workspaceId,
      webhooks: s.webhooks,
      loading: s.loading,
      error: s.error,
      added: s.added,
    })),
  );
export const useWebhookDeliveries = (webhookId: string) => useWebhooksStore((s) => s.deliveries[webhookId]);
export const useWebhookActions = () =>
  useWebhooksStore(
    useShallow((s) => ({
      choose: s.choose,
      load: s.load,
      add: s.add,
      dismissSecret: s.dismissSecret,
      copySecret: s.copySecret,
      remove: s.remove,
      loadDeliveries: s.loadDeliveries,
      sendTest: s.sendTest,
      redeliver: s.redeliver,
    })),
  );
