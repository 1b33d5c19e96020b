import type { WorkspaceChanges } from './repositories.ts';

/** Each field a workspace change may set, and its column: the same in both backends' schema. */
const COLUMNS = {
  name: 'name',
  brand: 'brand',
  region: 'region',
  replyTo: 'reply_to',
  scimCustomAttributes: 'scim_custom_attributes',
} as const satisfies Record<keyof WorkspaceChanges, string>;

export interface ChangedColumn {
  column: (typeof COLUMNS)[keyof typeof COLUMNS];
  value: string | boolean | null;
}

/**
 * The columns `changes` sets, with their values, in a fixed order. A column's name comes from the
 * list above, never from the change itself, so it can be written into SQL.
 */
export function changedColumns(changes: WorkspaceChanges): ChangedColumn[] {
  return (Object.keys(COLUMNS) as (keyof WorkspaceChanges)[]).flatMap((field) => {
    const value = changes[field];
    return value === undefined ? [] : [{ column: COLUMNS[field], value }];
  });
}
